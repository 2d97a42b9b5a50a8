package ai.synaptiq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** ClickHouse going away is a 503 {"error": "unavailable"} on analytics and export routes alike, and the API recovers by itself when it is back. */
class ClickHouseOutageTest {

    @Test
    void shouldAnswer503WhileClickHouseIsDownAndRecoverByItself() throws Exception {
        ApiFixture fixture = ApiFixture.shared();
        LocalClickHouse own = LocalClickHouse.start();
        try {
            Migrations.apply(own.client());
            String key = "Bearer " + new ApiKeyStore(own.client(), Clock.systemUTC()).create("outage_co", Role.ADMIN).secret();
            try (ApiServer server = ApiServer.start(fixture.config("--clickhouse", own.url(), "--clickhouse-timeout", "2000ms"), Clock.systemUTC())) {
                String base = "http://127.0.0.1:" + server.port();
                assertEquals(200, fixture.send(base, key, "/v1/analytics/overview").status());

                own.stop();
                fixture.waitOutFreshness();
                for (String path : new String[] {"/v1/analytics/overview", "/v1/analytics/funnel", "/v1/analytics/activity",
                        "/v1/exports/leads", "/v1/exports/schedules", "/v1/exports/audit-log"}) {
                    Answer down = fixture.send(base, key, path);
                    assertEquals(503, down.status(), down.text());
                    assertEquals("unavailable", down.json().get("error").asText());
                    assertTrue(down.json().get("message").asText().contains("ClickHouse"));
                }
                Answer health = fixture.send(base, null, "/health");
                assertEquals(503, health.status());
                assertEquals("unreachable", health.json().get("clickhouse").asText());
                assertEquals(401, fixture.send(base, null, "/v1/analytics/overview").status(), "no key is still 401");
                assertTrue(fixture.send(base, null, "/metrics").text().matches("(?s).*synaptiq_api_clickhouse_errors_total [1-9].*"));

                own = own.restart();
                int status = 0;
                for (int i = 0; i < 50 && status != 200; i++) {
                    status = fixture.send(base, key, "/v1/analytics/overview").status();
                    if (status != 200) {
                        Thread.sleep(200);
                    }
                }
                assertEquals(200, status, "the API answers again once ClickHouse is back");
                assertEquals(200, fixture.send(base, null, "/health").status());
            }
        } finally {
            own.stop();
        }
    }
}
