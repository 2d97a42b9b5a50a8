package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorsApiTest {
    private final ApiFixture api = ApiFixture.shared();

    private static void assertError(Answer a, int status, String code, String mentioned) {
        assertEquals(status, a.status(), a.text());
        assertTrue(a.header("Content-Type").startsWith("application/json"), a.header("Content-Type"));
        JsonNode body = a.json();
        Set<String> fields = new TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("error", "message"), fields, "error bodies are {error, message}");
        assertEquals(code, body.get("error").asText());
        assertTrue(body.get("message").asText().contains(mentioned), "message names " + mentioned + ": " + body.get("message"));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource(delimiter = '|', value = {
        "overview|startDate=2026-02-30|startDate",
        "overview|endDate=03/31/2026|endDate",
        "overview|startDate=2026-03-01T00:00:00Z|startDate",
        "overview|granularity=year|granularity",
        "overview|granularity=DAY|granularity",
        "overview|compareWith=last_month|compareWith",
        "overview|startDate=2026-03-10&endDate=2026-03-01|startDate",
        "overview|timezone=Mars/Olympus|timezone",
        "overview|timezone=%2B05:30|timezone",
        "overview|timezone=SystemV/AST4|timezone",
        "overview|channel=slack|channel",
        "funnel|startDate=yesterday|startDate",
        "funnel|channel=email|channel",
        "funnel|source=web|source",
        "funnel|startDate=2026-04-07|startDate",
        "activity|startDate=2026-03-01T25:00:00Z|startDate",
        "activity|endDate=2026-03-01T10:00:00|endDate",
        "activity|type=lead.deleted|type",
        "activity|type=message.sent|type",
        "activity|type=lead.created,,lead.qualified|type",
        "activity|leadId=lead%20one|leadId",
        "activity|page=0|page",
        "activity|page=-1|page",
        "activity|page=1.5|page",
        "activity|limit=0|limit",
        "activity|limit=101|limit",
        "activity|limit=ten|limit",
        "activity|cursor=not-a-cursor|cursor",
        "activity|cursor=djE6MTIzOmV2dF8x&page=2|page",
        "activity|startDate=2026-03-05&endDate=2026-03-04|startDate",
        "activity|startDate=2026-03-05T10:00:00Z&endDate=2026-03-05T09:59:59Z|startDate",
        "activity|startDate=2026-04-07T00:00:00Z|startDate",
        "activity|start_date=2026-03-01|start_date"})
    void shouldRefuseAnInvalidRequestNamingTheParameter(String endpoint, String query, String parameter) {
        assertError(api.get(ACME, "/v1/analytics/" + endpoint + "?" + query), 400, "invalid_request", parameter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overview", "funnel", "activity"})
    void shouldRefuseEmptyAndRepeatedParameters(String endpoint) {
        assertError(api.get(ACME, "/v1/analytics/" + endpoint + "?startDate="), 400, "invalid_request", "startDate");
        assertError(api.get(ACME, "/v1/analytics/" + endpoint + "?startDate=2026-03-01&startDate=2026-03-01"), 400, "invalid_request", "startDate");
        assertError(api.get(ACME, "/v1/analytics/" + endpoint + "?timezone=%E0%A4"), 400, "invalid_request", "timezone");
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource(delimiter = '|', value = {
        "overview|startDate=2025-03-01&endDate=2026-03-01",
        "overview|startDate=2020-01-01&endDate=2026-03-01",
        "funnel|startDate=2025-04-06",
        "activity|startDate=2025-03-01&endDate=2026-03-01",
        "activity|startDate=2025-03-01T00:00:00Z&endDate=2026-03-01T00:00:00Z",
        "activity|startDate=2024-01-01"})
    void shouldRefuseARangeOverThreeHundredSixtyFiveDays(String endpoint, String query) {
        assertError(api.get(ACME, "/v1/analytics/" + endpoint + "?" + query), 422, "unprocessable", "365");
    }

    @Test
    void shouldAcceptExactlyThreeHundredSixtyFiveDays() {
        assertEquals(200, api.get(ACME, "/v1/analytics/overview?startDate=2025-03-02&endDate=2026-03-01").status());
        assertEquals(200, api.get(ACME, "/v1/analytics/activity?startDate=2025-03-02&endDate=2026-03-01").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"overview", "funnel", "activity"})
    void shouldRefuseAMissingOrUnknownKey(String endpoint) {
        String path = "/v1/analytics/" + endpoint;
        assertError(api.send(api.baseUrl(), null, path), 401, "unauthorized", "API key");
        assertError(api.send(api.baseUrl(), "Bearer sk_live_abc123def456ghi789jkl012mno345", path), 401, "unauthorized", "API key");
        assertError(api.send(api.baseUrl(), "Bearer nonsense", path), 401, "unauthorized", "API key");
        assertError(api.send(api.baseUrl(), "Basic YWxhZGRpbjpvcGVuc2VzYW1l", path), 401, "unauthorized", "Bearer");
        assertError(api.send(api.baseUrl(), "Bearer", path), 401, "unauthorized", "Bearer");
        assertError(api.send(api.baseUrl(), null, path + "?startDate=garbage"), 401, "unauthorized", "API key");
    }

    @Test
    void shouldAnswerJsonForUnknownRoutesAndMethods() throws Exception {
        assertError(api.get(ACME, "/v1/analytics/revenue"), 404, "not_found", "/v1/analytics/revenue");
        HttpResponse<byte[]> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/analytics/overview"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertError(new Answer(post.statusCode(), post.headers(), post.body()), 405, "method_not_allowed", "POST");
    }
}
