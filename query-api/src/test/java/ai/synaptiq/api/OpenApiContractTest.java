package ai.synaptiq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.analytics.ActivityQuery;
import ai.synaptiq.api.analytics.CompareMode;
import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.exports.conversations.ConversationFilter;
import ai.synaptiq.api.exports.governance.GovernanceHandlers;
import ai.synaptiq.api.exports.leads.LeadFilter;
import ai.synaptiq.api.exports.report.ReportHandlers;
import ai.synaptiq.api.exports.report.ReportQuery;
import ai.synaptiq.api.exports.schedule.ScheduleHandlers;
import ai.synaptiq.api.http.AnalyticsHandlers;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.api.testing.Answer;
import ai.synaptiq.api.testing.ApiFixture;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Query parameters of each operation that takes any, as the code validates them ("METHOD path" -> names). */
    private static final Map<String, Set<String>> QUERY_PARAMETERS = Map.of(
            "GET /v1/analytics/overview", AnalyticsHandlers.OVERVIEW_PARAMETERS,
            "GET /v1/analytics/funnel", AnalyticsHandlers.FUNNEL_PARAMETERS,
            "GET /v1/analytics/activity", AnalyticsHandlers.ACTIVITY_PARAMETERS,
            "GET /v1/exports/leads", LeadFilter.PARAMETERS,
            "GET /v1/exports/conversations", ConversationFilter.PARAMETERS,
            "GET /v1/exports/analytics", ReportQuery.PARAMETERS,
            "GET /v1/analytics/annotations", ReportHandlers.ANNOTATION_PARAMETERS,
            "GET /v1/exports/audit-log", GovernanceHandlers.AUDIT_LOG_PARAMETERS,
            "GET /v1/notifications", GovernanceHandlers.NOTIFICATION_PARAMETERS,
            "GET /v1/exports/schedules/{scheduleId}/runs", ScheduleHandlers.RUN_HISTORY_PARAMETERS);

    @Test
    void shouldDescribeExactlyTheParametersEachEndpointTakes() {
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            String route = method.getKey().toUpperCase() + " " + path.getKey();
            Set<String> query = new TreeSet<>();
            Set<String> inPath = new TreeSet<>();
            method.getValue().path("parameters").forEach(p -> (p.get("in").asText().equals("path") ? inPath : query).add(p.get("name").asText()));
            assertEquals(new TreeSet<>(QUERY_PARAMETERS.getOrDefault(route, Set.of())), query, route);
            Set<String> templated = new TreeSet<>();
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(path.getKey());
            while (m.find()) {
                templated.add(m.group(1));
            }
            assertEquals(templated, inPath, route + " documents its path parameters");
        }));
    }

    @Test
    void shouldTakeTheSameParametersInAnExportBodyAsInItsQueryString() {
        Map<String, Set<String>> bodies = Map.of("LeadsExportRequest", LeadFilter.PARAMETERS,
                "ConversationsExportRequest", ConversationFilter.PARAMETERS, "AnalyticsExportRequest", ReportQuery.PARAMETERS);
        bodies.forEach((schema, names) -> {
            Set<String> documented = new TreeSet<>();
            doc.get("components").get("schemas").get(schema).get("properties").fieldNames().forEachRemaining(documented::add);
            assertEquals(new TreeSet<>(names), documented, schema);
        });
        for (String type : new String[] {"leads", "conversations", "analytics"}) {
            assertTrue(doc.get("paths").get("/v1/exports/" + type).get("post").has("requestBody"), type);
        }
    }

    @Test
    void shouldDocumentTheRolesAndRefusalsOfEveryExportRoute() {
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            String route = method.getKey().toUpperCase() + " " + path.getKey();
            JsonNode op = method.getValue();
            boolean export = path.getKey().startsWith("/v1/exports") || path.getKey().startsWith("/v1/leads")
                    || path.getKey().startsWith("/v1/notifications") || path.getKey().startsWith("/v1/analytics/annotations");
            if (!export) {
                return;
            }
            assertTrue(op.path("description").asText().startsWith("Roles: "), route + " names its roles");
            Set<String> codes = new TreeSet<>();
            op.get("responses").fieldNames().forEachRemaining(codes::add);
            Set<String> refusals = route.equals("GET /v1/analytics/annotations") ? Set.of("401", "429", "503") : Set.of("401", "403", "429", "503");
            assertTrue(codes.containsAll(refusals), route + " documents " + refusals + ": " + codes);
        }));
    }

    /** The roles each route names in ApiServer are the ones the document gives; a route naming none is one of the public ones. */
    @Test
    void shouldDocumentTheRolesEachRouteIsDeclaredWith() {
        Set<String> publicPaths = Set.of("/dashboard", "/dashboard/{asset}", "/docs", "/health", "/metrics", "/v1/openapi.json");
        for (ApiServer.Route route : api.server().routes()) {
            String description = doc.get("paths").get(route.path()).get(route.method().toLowerCase()).path("description").asText();
            if (route.roles().isEmpty()) {
                assertTrue(publicPaths.contains(route.path()), route + " names no role, so anyone may call it");
            } else if (route.roles().equals(Set.of(Role.values()))) {
                assertTrue(!description.startsWith("Roles: ") || description.startsWith("Roles: every role."), route + ": " + description);
            } else {
                String roles = Arrays.stream(Role.values()).filter(route.roles()::contains).map(Role::wireName).collect(Collectors.joining(", "));
                assertTrue(description.startsWith("Roles: " + roles + "."), route + ": " + description);
            }
        }
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
