package ai.synaptiq.api;

import static ai.synaptiq.api.testing.ApiFixture.ACME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MetricsAndHealthTest {
    private final ApiFixture api = ApiFixture.shared();

    @Test
    void shouldCountRequestsByRouteAndStatusWithALatencyHistogram() {
        api.get(ACME, "/v1/analytics/overview");
        api.get(ACME, "/v1/analytics/overview?granularity=fortnight");
        api.get(ACME, "/nowhere/" + System.nanoTime());
        Answer metrics = api.send(api.baseUrl(), null, "/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"));
        String text = metrics.text();
        assertTrue(text.contains("synaptiq_api_requests_total{route=\"/v1/analytics/overview\",method=\"GET\",status=\"200\"}"), text);
        assertTrue(text.contains("synaptiq_api_requests_total{route=\"/v1/analytics/overview\",method=\"GET\",status=\"400\"}"), text);
        assertTrue(text.contains("synaptiq_api_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}"), "raw paths never become labels");
        assertTrue(text.contains("# TYPE synaptiq_api_request_duration_seconds histogram"));
        assertTrue(text.contains("synaptiq_api_request_duration_seconds_bucket{route=\"/v1/analytics/overview\",le=\"+Inf\"}"));
        assertTrue(text.contains("synaptiq_api_request_duration_seconds_count{route=\"/v1/analytics/overview\"}"));
        assertTrue(text.contains("# TYPE synaptiq_api_clickhouse_errors_total counter"));
        assertTrue(text.contains("synaptiq_api_cache_hits_total"));
    }

    @Test
    void shouldReportClickHouseReachableWithoutAKey() {
        Answer health = api.send(api.baseUrl(), null, "/health");
        assertEquals(200, health.status(), health.text());
        JsonNode body = health.json();
        assertEquals("ok", body.get("status").asText());
        assertEquals("reachable", body.get("clickhouse").asText());
        assertTrue(body.has("dataCompleteUntil") && body.has("pipelineLagSeconds"));
    }
}
