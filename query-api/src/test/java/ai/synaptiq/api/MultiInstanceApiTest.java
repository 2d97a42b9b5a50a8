package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.GLOBEX;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two API instances on one ClickHouse, as behind a load balancer: each answer and its ETag derive
 * from the data alone, so both give the same bytes, and an ETag one gave is a 304 at the other.
 */
class MultiInstanceApiTest {
    private final ApiFixture api = ApiFixture.shared();

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1/analytics/overview?compareWith=previous_period",
        "/v1/analytics/overview?startDate=2025-10-01&endDate=2026-03-31&granularity=month&compareWith=previous_year&timezone=Asia/Kolkata",
        "/v1/analytics/funnel",
        "/v1/analytics/funnel?startDate=2025-10-01&endDate=2026-04-06&channel=whatsapp&source=form",
        "/v1/analytics/activity?limit=7",
        "/v1/analytics/activity?startDate=2026-03-01&endDate=2026-03-31&type=lead.created&page=2&limit=5"})
    void shouldGiveTheSameAnswersAndETagsFromTwoInstances(String path) {
        try (ApiServer second = ApiServer.start(api.config(), Clock.fixed(ApiFixture.NOW, ZoneOffset.UTC))) {
            String other = "http://127.0.0.1:" + second.port();
            for (String account : new String[] {ACME, GLOBEX}) {
                String key = "Bearer " + api.key(account);
                Answer a = api.send(api.baseUrl(), key, path);
                Answer b = api.send(other, key, path);
                assertEquals(200, a.status(), a.text());
                assertEquals(200, b.status(), b.text());
                assertArrayEquals(a.body(), b.body(), account + " " + path);
                assertNotNull(a.header("ETag"));
                assertEquals(a.header("ETag"), b.header("ETag"));
                assertEquals(a.header("X-Data-Complete-Until"), b.header("X-Data-Complete-Until"));
                assertEquals(304, api.send(other, key, path, "If-None-Match", a.header("ETag")).status(), "an ETag of one instance is valid at the other");
                assertEquals(304, api.send(api.baseUrl(), key, path, "If-None-Match", b.header("ETag")).status());
            }
        }
    }

    @Test
    void shouldNotDependOnWhichInstanceWasAskedFirst() {
        String path = "/v1/analytics/funnel" + query("startDate", "2026-02-01", "endDate", "2026-03-15", "channel", "web_chat");
        try (ApiServer second = ApiServer.start(api.config("--cache-entries", "0"), Clock.fixed(ApiFixture.NOW, ZoneOffset.UTC))) {
            String key = "Bearer " + api.key(ACME);
            Answer uncached = api.send("http://127.0.0.1:" + second.port(), key, path);
            Answer cached = api.send(api.baseUrl(), key, path);
            Answer again = api.send(api.baseUrl(), key, path);
            assertArrayEquals(uncached.body(), cached.body());
            assertEquals(uncached.header("ETag"), again.header("ETag"), "a cached answer carries the ETag a fresh computation gives");
        }
    }
}
