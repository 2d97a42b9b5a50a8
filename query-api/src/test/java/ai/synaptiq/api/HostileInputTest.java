package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static ai.synaptiq.api.testing.ApiFixture.GLOBEX;
import static ai.synaptiq.api.testing.ApiFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.http.AnalyticsHandlers;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parameter of every endpoint gets injection strings, huge values, unicode, control
 * characters, empty and repeated values: each must be a 400 with the error body, never a 500,
 * and nothing may reach ClickHouse or show another account's rows.
 */
class HostileInputTest {
    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "overview", AnalyticsHandlers.OVERVIEW_PARAMETERS,
            "funnel", AnalyticsHandlers.FUNNEL_PARAMETERS,
            "activity", AnalyticsHandlers.ACTIVITY_PARAMETERS);
    private static final List<String> HOSTILE = List.of(
            "' OR '1'='1",
            "acme' OR account_id != 'acme",
            "1; DROP TABLE synaptiq.events",
            "2026-03-01' UNION ALL SELECT * FROM synaptiq.api_keys --",
            "\\' OR 1=1 --",
            "day\u0000",
            "web_chat\nslack",
            "日本語",
            "🙂🙂🙂",
            "Asia/Kolkata' --",
            "${jndi:ldap://127.0.0.1/x}",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "9".repeat(400),
            "x".repeat(20_000),
            "2026-03-01".repeat(100),
            "1.5e309",
            "-Infinity.0",
            " ",
            "%");

    static Stream<Arguments> everyParameter() {
        List<Arguments> out = new ArrayList<>();
        PARAMETERS.forEach((endpoint, names) -> names.forEach(name -> out.add(Arguments.of(endpoint, name))));
        return out.stream();
    }

    private final ApiFixture api = ApiFixture.shared();

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyParameter")
    void shouldRefuseHostileValuesWithA400(String endpoint, String parameter) {
        String path = "/v1/analytics/" + endpoint;
        for (String value : HOSTILE) {
            assertBadRequest(api.get(ACME, path + query(parameter, value)), parameter, value);
        }
        assertBadRequest(api.get(ACME, path + "?" + parameter + "="), parameter, "(empty)");
        assertBadRequest(api.get(ACME, path + "?" + parameter), parameter, "(no value)");
        assertBadRequest(api.get(ACME, path + query(parameter, "a") + "&" + parameter + "=b"), parameter, "(repeated)");
        assertBadRequest(api.get(ACME, path + query(parameter, "2026-03-01") + "&" + parameter + "=2026-03-01"), parameter, "(repeated, same value)");
    }

    private static void assertBadRequest(Answer a, String parameter, String value) {
        String what = parameter + "=" + (value.length() > 40 ? value.substring(0, 40) + "..." : value);
        assertEquals(400, a.status(), what + " -> " + a);
        assertEquals("invalid_request", a.json().get("error").asText(), what);
        assertTrue(a.json().get("message").asText().contains(parameter), what + " -> " + a);
        assertTrue(a.text().length() < 1000, "the answer does not echo a huge value back");
    }

    @Test
    void shouldSurviveHostileHeaders() {
        String path = "/v1/analytics/overview";
        assertEquals(401, api.send(api.baseUrl(), "Bearer ' OR 1=1 --", path).status());
        assertEquals(401, api.send(api.baseUrl(), "Bearer sk_live_" + "A".repeat(5000), path).status());
        assertEquals(401, api.send(api.baseUrl(), "Bearer sk_live_%27%20OR%201=1", path).status());
        assertEquals(200, api.get(ACME, path, "If-None-Match", "\"' OR 1=1\", W/\"x\", *garbage*").status());
        assertEquals(200, api.get(ACME, path, "Accept-Encoding", "gzip;q=abc, br, x-\\u2603").status());
    }

    @Test
    void shouldLeaveTheTablesAndOtherAccountsAlone() {
        String before = api.clickHouse().client().query("SELECT count() FROM synaptiq.events FORMAT TabSeparated").trim();
        for (String value : HOSTILE) {
            api.get(ACME, "/v1/analytics/activity" + query("leadId", value));
            api.get(ACME, "/v1/analytics/funnel" + query("channel", value));
        }
        assertEquals(before, api.clickHouse().client().query("SELECT count() FROM synaptiq.events FORMAT TabSeparated").trim());
        // A well-formed lead id that exists in both accounts only ever shows the caller's own rows.
        String lead = api.reference().busyLead(GLOBEX, 1);
        Answer acme = api.get(ACME, "/v1/analytics/activity" + query("startDate", "2025-10-01", "endDate", "2026-04-06", "leadId", lead, "limit", "100"));
        Set<String> globexOnly = new java.util.HashSet<>(api.reference().eventIds(GLOBEX));
        globexOnly.removeAll(api.reference().eventIds(ACME));
        acme.json().get("data").forEach(item -> assertTrue(!globexOnly.contains(item.get("id").asText()), item.toString()));
        assertEquals(api.reference().activity(ACME, 0, Long.MAX_VALUE, null, lead).stream()
                        .filter(i -> i.occurredAt().compareTo("2025-10-01") >= 0 && i.occurredAt().compareTo("2026-04-07") < 0).count(),
                acme.json().get("pagination").get("total").asLong());
    }
}
