package ai.synaptiq.api.exports;

import static ai.synaptiq.api.testing.Requests.send;
import static ai.synaptiq.api.testing.Requests.text;
import static ai.synaptiq.api.testing.Requests.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.ApiConfig;
import ai.synaptiq.api.ApiServer;
import ai.synaptiq.api.exports.ExpectedFiles.Num;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The export routes as users reach them: on the real {@link ApiServer}, with real keys of each
 * role, the server's rate limit and error format. The formats themselves are tested in detail on
 * pipeline data by the other export tests; here two leads are written straight into the tables.
 */
public class ExportsServerTest {
    static final String ACCOUNT = "exp_srv_" + System.nanoTime();
    static ClickHouseClient clickHouse;
    static ApiServer server;
    static String admin;
    static String adminKeyId;
    static String exporter;
    static String viewer;

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.shared().client();
        server = startServer();
        ApiKeyStore.CreatedKey adminKey = new ApiKeyStore(clickHouse, Clock.systemUTC()).create(ACCOUNT, Role.ADMIN);
        admin = adminKey.secret();
        adminKeyId = adminKey.key().id();
        exporter = newKey(ACCOUNT, Role.EXPORT);
        viewer = newKey(ACCOUNT, Role.VIEWER);
        String a = "'" + ACCOUNT + "'";
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, created_at, last_activity_ms, email, name,"
                + " phone, company, status, score, source, source_url, tags, assigned_to, custom_properties, visitor_id, conversation_id, version)"
                + " VALUES (" + a + ", 'lead_ann', 1, 1772532161000, toDateTime(1772532161), 1772532461000, 'ann@acme.com', 'Ann \"A\" Lee',"
                + " '+1-555-0123', 'Acme, Inc.', 'qualified', 82, 'chat', 'https://acme.com/pricing', ['webinar', 'enterprise'], 'alex@team.com',"
                + " '{\"budget\":\"$10k\"}', 'v_ann', 'c_ann', 3),"
                + " (" + a + ", 'lead_bo', 1, 1772618561000, toDateTime(1772618561), 1772618561000, 'bo@bo.io', 'Bø', '', '', 'new', 40, 'form',"
                + " '', [], '', '{}', 'v_bo', '', 1)");
        clickHouse.execute("INSERT INTO synaptiq.conversations (account_id, conversation_id, visitor_id, lead_id, channel, started_ms,"
                + " last_event_ms, message_count, version) VALUES (" + a + ", 'c_ann', 'v_ann', 'lead_ann', 'web_chat', 1772532100000, 1772532461000, 2, 4)");
        clickHouse.execute("INSERT INTO synaptiq.events (account_id, event_id, type, occurred_at, occurred_ms, visitor_id, conversation_id,"
                + " lead_id, channel, source, sender, description, data) VALUES"
                + " (" + a + ", 'ev1', 'conversation.started', toDateTime(1772532100), 1772532100000, 'v_ann', 'c_ann', '', 'web_chat', '', '', '', '{}'),"
                + " (" + a + ", 'ev2', 'lead.created', toDateTime(1772532161), 1772532161000, 'v_ann', 'c_ann', 'lead_ann', 'web_chat', 'chat', '', '',"
                + " '{\"score\":82,\"email\":\"ann@acme.com\"}'),"
                + " (" + a + ", 'ev3', 'lead.created', toDateTime(1772618561), 1772618561000, 'v_bo', '', 'lead_bo', '', 'form', '', '', '{\"score\":40}')");
    }

    /** A test server's settings: any port, fresh data state on every request, no scheduler, the tests' secrets key; {@code more} flags win. */
    /** A server with these settings on the shared private ClickHouse, on the system clock. */
    public static ApiServer startServer(String... more) {
        return ApiServer.start(config(LocalClickHouse.shared().url(), more), Clock.systemUTC());
    }

    /** The secret of a new key of the account. */
    public static String newKey(String account, Role role) {
        return new ApiKeyStore(LocalClickHouse.shared().client(), Clock.systemUTC()).create(account, role).secret();
    }

    public static ApiConfig config(String clickHouseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--clickhouse", clickHouseUrl,
                "--freshness", "0ms", "--export-scheduler", "off", "--secrets-key", ExportApi.SECRETS_KEY));
        args.addAll(List.of(more));
        return ApiConfig.fromArgs(args.toArray(String[]::new), Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldExportLeadsAsCsvWithAnExportKey() {
        HttpResponse<byte[]> r = send(server, "GET", "/v1/exports/leads?format=csv", exporter, null);
        assertEquals(200, r.statusCode(), text(r));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").matches("attachment; filename=\"synaptiq-leads-\\d{8}-\\d{6}\\.csv\""));
        List<Object> header = new ArrayList<>(List.of("id", "email", "name", "phone", "company", "status", "score", "source_url", "created_at",
                "last_activity_at", "tags", "assigned_to", "custom_budget"));
        List<Object> ann = List.of("lead_ann", "ann@acme.com", "Ann \"A\" Lee", "+1-555-0123", "Acme, Inc.", "qualified", new Num("82"),
                "https://acme.com/pricing", "2026-03-03T10:02:41Z", "2026-03-03T10:07:41Z", "webinar,enterprise", "alex@team.com", "$10k");
        List<Object> bo = List.of("lead_bo", "bo@bo.io", "Bø", "", "", "new", new Num("40"), "", "2026-03-04T10:02:41Z", "2026-03-04T10:02:41Z",
                "", "", "");
        assertArrayEquals(ExpectedFiles.csv(List.of(header, ann, bo)), r.body(), text(r));

        HttpResponse<byte[]> selected = send(server, "POST", "/v1/exports/leads", exporter, "{\"format\": \"csv\", \"leadId\": [\"lead_bo\"]}");
        assertEquals(200, selected.statusCode(), text(selected));
        assertArrayEquals(ExpectedFiles.csv(List.of(header, bo)), selected.body());

        JsonNode audit = json(send(server, "GET", "/v1/exports/audit-log?action=export", admin, null));
        assertTrue(audit.get("pagination").get("total").asInt() >= 2, audit.toString());
        assertEquals("leads", audit.get("data").get(0).get("dataType").asText());
        assertTrue(audit.get("data").get(0).get("keyId").asText().startsWith("key_"), "the audit log names the real key's id");
    }

    @Test
    void shouldWriteCustomPropertiesWhateverShapeTheirJsonHas() {
        String account = "exp_srv_custom_" + System.nanoTime();
        String key = new ApiKeyStore(clickHouse, Clock.systemUTC()).create(account, Role.EXPORT).secret();
        String[] properties = {"{\"a\":\"plain\",\"b\":\"é€\"}", "{\"a\":\"with \\\"quote\\\" and \\\\ backslash\",\"b\":\"line\\nbreak\"}",
            "{\"b\":\"x\",\"a\":\"1\",\"a\":\"2\"}", "{\"a\":7,\"b\":{\"nested\":true}}", "{ \"a\" : \"spaced\" }", "{}"};
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < properties.length; i++) {
            values.append(i == 0 ? "" : ", ").append("('").append(account).append("', 'l").append(i).append("', 1, ").append(1772532161000L + i * 1000L)
                    .append(", 1, ").append(Sql.quote(properties[i])).append(")");
        }
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, version, custom_properties) VALUES " + values);
        String[][] expected = {{"plain", "é€"}, {"with \"quote\" and \\ backslash", "line\nbreak"}, {"2", "x"}, {"7", ""}, {"spaced", ""}, {"", ""}};
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("id", "email", "name", "phone", "company", "status", "score", "source_url", "created_at", "last_activity_at", "tags",
                "assigned_to", "custom_a", "custom_b"));
        for (int i = 0; i < expected.length; i++) {
            rows.add(List.of("l" + i, "", "", "", "", "", new Num("0"), "", "2026-03-03T10:02:4" + (1 + i) + "Z", "1970-01-01T00:00:00Z", "", "",
                    expected[i][0], expected[i][1]));
        }
        HttpResponse<byte[]> r = send(server, "GET", "/v1/exports/leads", key, null);
        assertEquals(new String(ExpectedFiles.csv(rows), StandardCharsets.UTF_8), text(r));
    }

    @Test
    void shouldRefuseAViewerWith403AndAMissingOrBadKeyWith401() {
        for (String[] route : new String[][] {{"GET", "/v1/exports/leads"}, {"GET", "/v1/exports/conversations"},
                {"GET", "/v1/exports/analytics"}, {"GET", "/v1/exports/schedules"}, {"GET", "/v1/notifications"},
                {"POST", "/v1/analytics/annotations"}, {"DELETE", "/v1/leads/lead_ann"}, {"GET", "/v1/exports/audit-log"}}) {
            assertError(send(server, route[0], route[1], viewer, route[0].equals("POST") ? "{}" : null), 403, "forbidden");
            assertError(send(server, route[0], route[1], null, null), 401, "unauthorized");
            assertError(send(server, route[0], route[1], "sk_live_unknownunknownunknown", null), 401, "unauthorized");
        }
        assertEquals(200, send(server, "GET", "/v1/analytics/annotations", viewer, null).statusCode(), "every role reads annotations");
        assertError(send(server, "DELETE", "/v1/leads/lead_ann", exporter, null), 403, "forbidden");
        assertError(send(server, "GET", "/v1/exports/audit-log", exporter, null), 403, "forbidden");
        assertError(send(server, "GET", "/v1/exports/leads?status=bogus", exporter, null), 400, "invalid_request");
        assertError(send(server, "GET", "/v1/exports/analytics?startDate=2024-01-01&endDate=2026-01-01", exporter, null), 422, "unprocessable");
        assertError(send(server, "GET", "/v1/exports/schedules/sch_missing", exporter, null), 404, "not_found");
        assertError(send(server, "GET", "/v1/exports/nothing", null, null), 404, "not_found");
        assertError(send(server, "PATCH", "/v1/exports/leads", null, null), 405, "method_not_allowed");
    }

    @Test
    void shouldCreateListReadAndDeleteASchedule() {
        String body = "{\"name\": \"Weekly qualified\", \"dataType\": \"leads\", \"format\": \"csv\", \"filters\": {\"status\": [\"qualified\"]},"
                + " \"frequency\": \"weekly\", \"dayOfWeek\": \"monday\", \"time\": \"08:00\", \"dateRangeMode\": \"previous_period\","
                + " \"destinations\": [{\"type\": \"webhook\", \"url\": \"https://hooks.example.com/x\", \"secret\": \"0123456789abcdef\"}]}";
        assertError(send(server, "POST", "/v1/exports/schedules", viewer, body), 403, "forbidden");
        HttpResponse<byte[]> created = send(server, "POST", "/v1/exports/schedules", exporter, body);
        assertEquals(201, created.statusCode(), text(created));
        JsonNode schedule = json(created);
        String id = schedule.get("id").asText();
        assertEquals("weekly", schedule.get("frequency").asText());
        assertTrue(schedule.get("destinations").get(0).get("secretSet").asBoolean());
        assertFalse(text(created).contains("0123456789abcdef"), "secrets are never shown");

        JsonNode list = json(send(server, "GET", "/v1/exports/schedules", admin, null)).get("data");
        assertEquals(1, list.size());
        assertEquals(id, list.get(0).get("id").asText());
        assertEquals("Weekly qualified", json(send(server, "GET", "/v1/exports/schedules/" + id, exporter, null)).get("name").asText());
        assertEquals("paused", json(send(server, "POST", "/v1/exports/schedules/" + id + "/pause", exporter, null)).get("status").asText());
        assertTrue(json(send(server, "GET", "/v1/exports/schedules/" + id, exporter, null)).get("nextRunAt").isNull());

        assertEquals(204, send(server, "DELETE", "/v1/exports/schedules/" + id, exporter, null).statusCode());
        assertError(send(server, "GET", "/v1/exports/schedules/" + id, exporter, null), 404, "not_found");
        assertEquals(0, json(send(server, "GET", "/v1/exports/schedules", exporter, null)).get("data").size());
    }

    @Test
    void shouldEraseALeadWithAnAdminKey() {
        String erased = "exp_srv_erase_" + System.nanoTime();
        String key = new ApiKeyStore(clickHouse, Clock.systemUTC()).create(erased, Role.ADMIN).secret();
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, email, version) VALUES"
                + " ('" + erased + "', 'lead_gone', 1, 1772532161000, 'gone@x.io', 1), ('" + erased + "', 'lead_kept', 1, 1772532162000, 'kept@x.io', 1)");
        assertError(send(server, "DELETE", "/v1/leads/lead_nobody", key, null), 404, "not_found");

        HttpResponse<byte[]> r = send(server, "DELETE", "/v1/leads/lead_gone", key, null);
        assertEquals(200, r.statusCode(), text(r));
        JsonNode receipt = json(r);
        assertEquals("completed", receipt.get("status").asText());
        assertEquals(1, receipt.get("removed").get("leads").asInt());
        assertTrue(receipt.get("requestedBy").asText().startsWith("key_"));
        String csv = text(send(server, "GET", "/v1/exports/leads", key, null));
        assertTrue(csv.contains("lead_kept") && !csv.contains("lead_gone") && !csv.contains("gone@x.io"), csv);
        assertEquals("erasure_completed", json(send(server, "GET", "/v1/notifications", key, null)).get("data").get(0).get("kind").asText());
    }

    @Test
    void shouldCountExportsAgainstTheKeysRateLimit() {
        try (ApiServer limited = ApiServer.start(config(LocalClickHouse.shared().url(), "--rate-limit", "2/min"), Clock.systemUTC())) {
            assertEquals(200, send(limited, "GET", "/v1/analytics/funnel", exporter, null).statusCode());
            assertEquals(200, send(limited, "GET", "/v1/exports/leads", exporter, null).statusCode());
            HttpResponse<byte[]> over = send(limited, "GET", "/v1/exports/leads", exporter, null);
            assertError(over, 429, "rate_limited");
            assertTrue(over.headers().firstValue("Retry-After").isPresent());
        }
    }

    @Test
    void shouldRunADueScheduleOnceTheServerHasStartedItsScheduler() throws Exception {
        // A clock of its own, years before every other test's schedules: this server's scheduler finds only this one due.
        MutableClock clock = new MutableClock("2020-01-06T07:59:00Z");
        String account = "exp_srv_sched_" + System.nanoTime();
        String key = new ApiKeyStore(clickHouse, Clock.systemUTC()).create(account, Role.EXPORT).secret();
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, email, status, version) VALUES"
                + " ('" + account + "', 'lead_s', 1, 1577000000000, 's@x.io', 'new', 1)");
        try (WebhookReceiver hooks = new WebhookReceiver();
                // The receiver is on 127.0.0.1: this server allows private destinations, as an operator would for receivers inside.
                ApiServer scheduling = ApiServer.start(config(LocalClickHouse.shared().url(), "--export-scheduler", "on", "--export-tick", "200ms",
                        "--allow-private-destinations", "on"), clock)) {
            HttpResponse<byte[]> created = send(scheduling, "POST", "/v1/exports/schedules", key, "{\"dataType\": \"leads\", \"format\": \"csv\","
                    + " \"frequency\": \"daily\", \"time\": \"08:00\", \"dateRangeMode\": \"all_time\", \"destinations\": [{\"type\": \"webhook\","
                    + " \"url\": \"" + hooks.url("/in") + "\", \"secret\": \"0123456789abcdef\"}]}");
            assertEquals(201, created.statusCode(), text(created));
            String id = json(created).get("id").asText();
            try {
                clock.set("2020-01-06T08:00:10Z");
                JsonNode runs = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    runs = json(send(scheduling, "GET", "/v1/exports/schedules/" + id + "/runs", key, null)).get("data");
                    if (runs.size() > 0 && "delivered".equals(runs.get(0).get("status").asText())) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertEquals(1, runs.size(), runs.toString());
                assertEquals("delivered", runs.get(0).get("status").asText(), runs.toString());
                assertEquals("2020-01-06T08:00:00Z", runs.get(0).get("scheduledFor").asText());
                assertEquals(1, hooks.on("/in").size());
                assertTrue(new String(hooks.on("/in").get(0).body(), StandardCharsets.UTF_8).contains("\"lead_s\",\"s@x.io\""));
            } finally {
                send(scheduling, "DELETE", "/v1/exports/schedules/" + id, key, null);
            }
        }
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String code) {
        assertEquals(status, r.statusCode(), r.request().method() + " " + r.request().uri() + ": " + text(r));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(r);
        Set<String> fields = new TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("error", "message"), fields, text(r));
        assertEquals(code, body.get("error").asText());
    }
}
