package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.ApiServer;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What polling dashboards rely on: ETag/304, gzip, dataCompleteUntil, and a cache that never serves stale data. */
class CachingApiTest {
    private static final String OVERVIEW = "/v1/analytics/overview" + query("startDate", "2026-03-01", "endDate", "2026-03-31", "granularity", "week");
    private final ApiFixture api = ApiFixture.shared();

    @ParameterizedTest
    @ValueSource(strings = {"/v1/analytics/overview", "/v1/analytics/funnel?channel=slack", "/v1/analytics/activity?limit=5"})
    void shouldAnswer304WhileNothingChanged(String path) {
        Answer first = api.get(ACME, path);
        String etag = first.header("ETag");
        assertNotNull(etag);
        Answer again = api.get(ACME, path, "If-None-Match", etag);
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.header("ETag"));
        assertEquals(first.header("X-Data-Complete-Until"), again.header("X-Data-Complete-Until"));
        assertEquals(304, api.get(ACME, path, "If-None-Match", "W/" + etag + ", \"other\"").status());
        assertEquals(200, api.get(ACME, path, "If-None-Match", "\"other\"").status());
        assertEquals(first.text(), api.get(ACME, path).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/analytics/overview", "/v1/analytics/funnel", "/v1/analytics/activity?limit=3", "/v1/openapi.json"})
    void shouldGzipWhenAsked(String path) throws IOException {
        Answer plain = api.get(ACME, path);
        assertNull(plain.header("Content-Encoding"));
        Answer zipped = api.get(ACME, path, "Accept-Encoding", "gzip");
        assertEquals(200, zipped.status());
        assertEquals("gzip", zipped.header("Content-Encoding"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes());
        }
    }

    @Test
    void shouldAnswerNewDataWithinTheFreshnessWindowThoughTheAnswerWasCached() {
        String account = "cache_co";
        String key = new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.ADMIN).secret();
        String path = "/v1/analytics/overview" + query("startDate", "2026-04-01", "endDate", "2026-04-06");
        Answer empty = api.send(api.baseUrl(), "Bearer " + key, path);
        assertEquals(0, empty.json().get("summary").get("totalConversations").asLong());

        insertRollup(account, 3, 1);
        api.waitOutFreshness();
        Answer three = api.send(api.baseUrl(), "Bearer " + key, path, "If-None-Match", empty.header("ETag"));
        assertEquals(200, three.status(), "a new rollup row is a new answer, not 304");
        assertEquals(3, three.json().get("summary").get("totalConversations").asLong());
        assertNotEquals(empty.header("ETag"), three.header("ETag"));

        insertRollup(account, 7, 2);
        api.waitOutFreshness();
        assertEquals(7, api.send(api.baseUrl(), "Bearer " + key, path).json().get("summary").get("totalConversations").asLong());
    }

    @Test
    void shouldForgetRowsErasedByAMutation() throws InterruptedException {
        String account = "erase_co";
        String key = "Bearer " + new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.ADMIN).secret();
        String rows = "";
        for (String id : new String[] {"x1", "x2", "x3"}) {
            rows += "{\"account_id\":\"" + account + "\",\"occurred_at\":\"2026-04-03 10:00:00\",\"occurred_ms\":"
                    + Instant.parse("2026-04-03T10:00:00Z").toEpochMilli() + ",\"event_id\":\"" + id + "\",\"type\":\"lead.created\","
                    + "\"lead_id\":\"l_" + id + "\",\"conversation_id\":\"\",\"description\":\"New lead\",\"metadata\":\"{}\"}\n";
        }
        api.clickHouse().client().insertJsonEachRow(Tables.ACTIVITY, rows);
        api.waitOutFreshness();
        String path = "/v1/analytics/activity" + query("startDate", "2026-04-03", "endDate", "2026-04-03");
        assertEquals(3, api.send(api.baseUrl(), key, path).json().get("pagination").get("total").asLong());

        api.clickHouse().client().execute("ALTER TABLE " + Tables.ACTIVITY + " DELETE WHERE account_id = '" + account + "' AND lead_id = 'l_x2'");
        for (int i = 0; i < 100 && !api.clickHouse().client().query("SELECT min(is_done) FROM system.mutations WHERE table = 'activity' FORMAT TabSeparated").trim().equals("1"); i++) {
            Thread.sleep(100);
        }
        api.waitOutFreshness();
        assertEquals(2, api.send(api.baseUrl(), key, path).json().get("pagination").get("total").asLong(), "an erased lead is gone from the next answer");
    }

    @Test
    void shouldReadClickHouseForEveryRequestWithFreshnessZero() {
        String account = "strict_co";
        String key = "Bearer " + new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.ADMIN).secret();
        String path = "/v1/analytics/overview" + query("startDate", "2026-04-01", "endDate", "2026-04-06");
        try (ApiServer strict = ApiServer.start(api.config("--freshness", "0ms"), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + strict.port();
            assertEquals(0, api.send(base, key, path).json().get("summary").get("totalConversations").asLong());
            insertRollup(account, 4, 1);
            assertEquals(4, api.send(base, key, path).json().get("summary").get("totalConversations").asLong(), "no window: at once");
        }
    }

    @Test
    void shouldCarryTheSlowestSubtasksWatermarkAsDataCompleteUntil() {
        Answer before = api.get(ACME, OVERVIEW);
        long far = System.currentTimeMillis() + 86_400_000L;
        long slow = Instant.parse("2026-04-06T11:58:30.250Z").toEpochMilli();
        api.clickHouse().client().insertJsonEachRow(Tables.PIPELINE_PROGRESS,
                "{\"subtask\":0,\"watermark_ms\":" + (slow + 60_000) + ",\"updated_ms\":" + far + "}\n"
                        + "{\"subtask\":1,\"watermark_ms\":" + slow + ",\"updated_ms\":" + far + "}\n");
        api.waitOutFreshness();
        Answer after = api.get(ACME, OVERVIEW);
        assertEquals("2026-04-06T11:58:30.250Z", after.json().get("dataCompleteUntil").asText());
        assertEquals("2026-04-06T11:58:30.250Z", after.header("X-Data-Complete-Until"));
        assertNotEquals(before.header("ETag"), after.header("ETag"), "a new dataCompleteUntil is a new body");
        assertEquals(200, api.get(ACME, OVERVIEW, "If-None-Match", before.header("ETag")).status());

        JsonNode health = api.send(api.baseUrl(), null, "/health").json();
        assertEquals("2026-04-06T11:58:30.250Z", health.get("dataCompleteUntil").asText());
        assertEquals(89.75, health.get("pipelineLagSeconds").asDouble(), 0.0001, "the server's clock stands at 12:00:00");
        for (String path : new String[] {"/v1/analytics/funnel", "/v1/analytics/activity"}) {
            assertEquals("2026-04-06T11:58:30.250Z", api.get(ACME, path).json().get("dataCompleteUntil").asText(), path);
        }
    }

    @Test
    void shouldNeverReportDataCompleteBeyondTheServersNow() {
        // A subtask of its own whose watermark followed events dated 2099 (an older job, or another clock):
        // it never lowers the slowest watermark the other tests expect.
        long far = System.currentTimeMillis() + 86_400_000L;
        api.clickHouse().client().insertJsonEachRow(Tables.PIPELINE_PROGRESS, "{\"subtask\":4242,\"watermark_ms\":"
                + Instant.parse("2099-01-01T00:00:00Z").toEpochMilli() + ",\"updated_ms\":" + far + "}\n");
        // A server whose clock stands before every recorded watermark.
        Instant now = Instant.parse("2020-01-01T00:00:00Z");
        try (ApiServer early = ApiServer.start(api.config("--freshness", "0ms"), Clock.fixed(now, ZoneOffset.UTC))) {
            JsonNode health = api.send("http://127.0.0.1:" + early.port(), null, "/health").json();
            assertEquals(now, Instant.parse(health.get("dataCompleteUntil").asText()));
            assertEquals(0, health.get("pipelineLagSeconds").asDouble(), 0.0);
        }
    }

    @Test
    void shouldKeepAnAccountsAnswerWhileOnlyOtherAccountsChange() {
        String account = "versioned_co";
        String key = "Bearer " + new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC()).create(account, Role.ADMIN).secret();
        String path = "/v1/analytics/overview" + query("startDate", "2026-04-01", "endDate", "2026-04-06");
        insertRollup(account, 3, 1);
        bumpVersion(account, 1);
        api.waitOutFreshness();
        Answer three = api.send(api.baseUrl(), key, path);
        assertEquals(3, three.json().get("summary").get("totalConversations").asLong());

        // Rows whose version has not arrived yet (the sink writes it after them), while another account streams.
        insertRollup(account, 5, 2);
        insertRollup("busy_co", 9, 1);
        bumpVersion("busy_co", 1);
        api.waitOutFreshness();
        Answer same = api.send(api.baseUrl(), key, path, "If-None-Match", three.header("ETag"));
        assertEquals(304, same.status(), "another account's insert leaves this account's cached answer alone");

        bumpVersion(account, 2);
        api.waitOutFreshness();
        assertEquals(5, api.send(api.baseUrl(), key, path).json().get("summary").get("totalConversations").asLong(),
                "the account's new version: its new rows are in the next answer");
    }

    private void bumpVersion(String account, long version) {
        api.clickHouse().client().insertJsonEachRow(Tables.ACCOUNT_VERSIONS, "{\"account_id\":\"" + account + "\",\"version\":" + version + "}");
    }

    private void insertRollup(String account, int conversations, int version) {
        api.clickHouse().client().insertJsonEachRow(Tables.OVERVIEW_ROLLUP, "{\"account_id\":\"" + account
                + "\",\"bucket_start\":\"2026-04-02 10:15:00\",\"conversations\":" + conversations + ",\"leads\":1,\"qualified\":1,"
                + "\"messages\":4,\"ai_timed_messages\":2,\"response_ms_sum\":2400,\"handoffs\":0,\"revenue_cents\":150000,\"score_sum\":40,"
                + "\"sessions\":3,\"meetings\":0,\"conversions\":0,\"ended_scored\":0,\"engagement_sum\":0,\"version\":" + version + "}");
        assertTrue(conversations > 0);
    }
}
