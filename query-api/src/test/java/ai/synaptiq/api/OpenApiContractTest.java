package ai.synaptiq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.analytics.ActivityQuery;
import ai.synaptiq.api.analytics.CompareMode;
import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.http.AnalyticsHandlers;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fails when the routes or parameters the server has and those /v1/openapi.json describes drift apart. */
class OpenApiContractTest {
    private final ApiFixture api = ApiFixture.shared();
    private final JsonNode doc = api.send(api.baseUrl(), null, "/v1/openapi.json").json();

    @Test
    void shouldDescribeExactlyTheRegisteredRoutes() {
        Set<String> registered = api.server().routes().stream().map(r -> r.method() + " " + r.path()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        assertEquals(registered, documented);
        assertTrue(doc.get("openapi").asText().startsWith("3."));
    }

    @Test
    void shouldDescribeExactlyTheParametersEachEndpointTakes() {
        Map<String, Set<String>> taken = Map.of(
                "/v1/analytics/overview", AnalyticsHandlers.OVERVIEW_PARAMETERS,
                "/v1/analytics/funnel", AnalyticsHandlers.FUNNEL_PARAMETERS,
                "/v1/analytics/activity", AnalyticsHandlers.ACTIVITY_PARAMETERS);
        taken.forEach((path, names) -> {
            Set<String> documented = new HashSet<>();
            operation(path).get("parameters").forEach(p -> documented.add(p.get("name").asText()));
            assertEquals(names, documented, path);
        });
        doc.get("paths").fieldNames().forEachRemaining(path -> {
            if (!taken.containsKey(path)) {
                assertTrue(!operation(path).has("parameters") || operation(path).get("parameters").isEmpty(), path + " takes no parameters");
            }
        });
    }

    @Test
    void shouldListTheSameChoicesAsTheCode() {
        assertEquals(wireNames(Granularity.values()), choices("/v1/analytics/overview", "granularity"));
        assertEquals(wireNames(CompareMode.values()), choices("/v1/analytics/overview", "compareWith"));
        assertEquals(Vocabulary.CHANNELS, choices("/v1/analytics/funnel", "channel"));
        assertEquals(Vocabulary.SOURCES, choices("/v1/analytics/funnel", "source"));
        Set<String> types = new HashSet<>();
        doc.get("components").get("schemas").get("ActivityItem").get("properties").get("type").get("enum").forEach(t -> types.add(t.asText()));
        assertEquals(Set.copyOf(Vocabulary.ACTIVITY_TYPES), types);
        assertEquals(ActivityQuery.MAX_LIMIT, parameter("/v1/analytics/activity", "limit").get("schema").get("maximum").asInt());
    }

    @Test
    void shouldDocumentEveryAnswerAnAnalyticsEndpointGives() {
        for (String path : new String[] {"/v1/analytics/overview", "/v1/analytics/funnel", "/v1/analytics/activity"}) {
            Set<String> codes = new TreeSet<>();
            operation(path).get("responses").fieldNames().forEachRemaining(codes::add);
            assertEquals(new TreeSet<>(Set.of("200", "304", "400", "401", "422", "429", "503")), codes, path);
        }
    }

    @Test
    void shouldServeADocsPageRenderingTheDocument() {
        Answer docs = api.send(api.baseUrl(), null, "/docs");
        assertEquals(200, docs.status());
        assertTrue(docs.header("Content-Type").startsWith("text/html"));
        assertTrue(docs.text().contains("/v1/openapi.json"));
    }

    private JsonNode operation(String path) {
        return doc.get("paths").get(path).get("get");
    }

    private JsonNode parameter(String path, String name) {
        for (JsonNode p : operation(path).get("parameters")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError(path + " does not document " + name);
    }

    private Set<String> choices(String path, String name) {
        Set<String> values = new HashSet<>();
        parameter(path, name).get("schema").get("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> wireNames(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v instanceof Granularity g ? g.wireName() : ((CompareMode) v).wireName()).collect(Collectors.toSet());
    }
}
