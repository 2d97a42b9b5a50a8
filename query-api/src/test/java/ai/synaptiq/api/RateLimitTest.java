package ai.synaptiq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final ApiFixture api = ApiFixture.shared();

    @Test
    void shouldRefuseAKeyOverItsLimitWithRetryAfterAndLeaveOtherKeysAlone() {
        ApiKeyStore store = new ApiKeyStore(api.clickHouse().client(), Clock.systemUTC());
        String busy = "Bearer " + store.create("limit_co", Role.VIEWER).secret();
        String other = "Bearer " + store.create("limit_co", Role.VIEWER).secret();
        try (ApiServer server = ApiServer.start(api.config("--rate-limit", "3/min"), Clock.systemUTC())) {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, api.send(base, busy, "/v1/analytics/funnel").status());
            }
            Answer limited = api.send(base, busy, "/v1/analytics/activity");
            assertEquals(429, limited.status());
            assertEquals("rate_limited", limited.json().get("error").asText());
            long retryAfter = Long.parseLong(limited.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 20, "one request comes back every 20 s: " + retryAfter);
            assertEquals(200, api.send(base, other, "/v1/analytics/funnel").status(), "the limit is per key");
            assertEquals(401, api.send(base, "Bearer sk_live_unknownunknownunknown", "/v1/analytics/funnel").status());
        }
    }
}
