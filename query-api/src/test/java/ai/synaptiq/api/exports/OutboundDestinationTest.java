package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.ApiServer;
import ai.synaptiq.api.exports.delivery.DestinationPolicy;
import ai.synaptiq.api.exports.schedule.Schedule;
import ai.synaptiq.api.exports.schedule.ScheduleDefinition;
import ai.synaptiq.api.exports.schedule.ScheduleStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound destinations never reach the inside (docs/security.md, "Outbound destinations"): on the
 * real server, private destinations off as by default, every spelling of an inside address is
 * refused as a webhook URL, alert webhook and S3 endpoint (400 naming the field), and one that got
 * stored anyway (a row of an earlier version, or a name that resolves inside only later) is refused
 * again at send time, before any connection: a canary table that ClickHouse's own HTTP port would
 * fill stays empty, a local receiver hears nothing, and every refusal reads the same whatever the port.
 */
class OutboundDestinationTest {
    static final String ACCOUNT = "ssrf_" + System.nanoTime();
    static final String CANARY = "default.ssrf_canary_" + System.nanoTime();
    static final String SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3";
    static ClickHouseClient clickHouse;
    static ApiServer server;
    static WebhookReceiver receiver;
    static String exporter;
    static String newExporter;
    static String admin;

    @BeforeAll
    static void start() throws Exception {
        clickHouse = LocalClickHouse.shared().client();
        clickHouse.execute("CREATE TABLE " + CANARY + " (line String) ENGINE = Memory");
        server = ExportsServerTest.startServer();
        exporter = ExportsServerTest.newKey(ACCOUNT, Role.EXPORT);
        // The creation test's own account: the send-time test stores rows in the other.
        String fresh = ACCOUNT + "_new";
        newExporter = ExportsServerTest.newKey(fresh, Role.EXPORT);
        admin = ExportsServerTest.newKey(fresh, Role.ADMIN);
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        // A tick of another test's server must find none of these schedules active.
        ScheduleStore store = new ScheduleStore(clickHouse);
        for (String account : List.of(ACCOUNT, ACCOUNT + "_new", ACCOUNT + "_rebind")) {
            store.list(account).forEach(s -> store.save(s.with(s.definition(), "deleted", s.activeSinceMs(), System.currentTimeMillis())));
        }
        server.close();
        receiver.close();
        clickHouse.execute("DROP TABLE IF EXISTS " + CANARY);
    }

    /** Hosts (as a URL spells them) that are all inside: loopback, private, link-local, reserved, in any spelling. */
    static List<String> insideHosts() {
        return List.of("127.0.0.1", "localhost", "LOCALHOST", "localhost.", "api.localhost", "2130706433", "0177.0.0.1", "0x7f.0.0.1",
                "0x7f000001", "127.1", "127.000.000.001", "017700000001", "[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]",
                "[::ffff:7f00:1]", "[::127.0.0.1]", "0.0.0.0", "0", "[::]", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                "169.254.169.254", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "224.0.0.1", "255.255.255.255", "240.0.0.1",
                "clickhouse", "kafka", "metadata.google.internal", "printer.local");
    }

    /** A URL on ClickHouse's HTTP port whose POST would add the body's lines to the canary table. */
    static String canaryUrl(String host) {
        return "http://" + host + ":" + LocalClickHouse.shared().httpPort() + "/?query="
                + URLEncoder.encode("INSERT INTO " + CANARY + " FORMAT TSV", StandardCharsets.UTF_8);
    }

    static String schedule(String destination) {
        return "{\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\",\"time\":\"06:00\",\"dateRangeMode\":\"all_time\","
                + "\"destinations\":[" + destination + "]}";
    }

    static String webhook(String url) {
        return "{\"type\":\"webhook\",\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}";
    }

    static String s3(String endpoint) {
        return "{\"type\":\"s3\",\"bucket\":\"exports\",\"endpoint\":\"" + endpoint + "\",\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"s3secret\"}";
    }

    @Test
    void shouldRefuseEveryInsideAddressAsWebhookAlertWebhookAndS3EndpointAtCreation() {
        for (String host : insideHosts()) {
            for (String url : List.of(canaryUrl(host), "http://" + host + "/", "https://" + host + ":8443/hook")) {
                assertRefused(Requests.send(server, "POST", "/v1/exports/schedules", newExporter, schedule(webhook(url))),
                        "destinations[0].url", url);
                assertRefused(Requests.send(server, "POST", "/v1/exports/schedules", newExporter, schedule(s3(url))),
                        "destinations[0].endpoint", url);
                assertRefused(Requests.send(server, "PUT", "/v1/exports/settings", admin,
                        "{\"alertWebhookUrl\":\"" + url + "\",\"alertWebhookSecret\":\"" + SECRET + "\"}"), "alertWebhookUrl", url);
            }
        }
        for (String url : List.of("ftp://hooks.example.com/x", "file:///etc/passwd", "gopher://hooks.example.com/", "http://user:pw@hooks.example.com/x",
                "http://hooks.example.com@127.0.0.1/x", "//hooks.example.com/x")) {
            assertRefused(Requests.send(server, "POST", "/v1/exports/schedules", newExporter, schedule(webhook(url))), "destinations[0].url", url);
        }
        assertEquals(0, json(Requests.send(server, "GET", "/v1/exports/schedules", newExporter, null)).get("data").size(), "none was accepted");
        assertEquals(201, Requests.send(server, "POST", "/v1/exports/schedules", newExporter,
                schedule(webhook("https://hooks.example.com/synaptiq"))).statusCode(), "a public name is accepted (it is checked again at send)");
        assertEquals("0", clickHouse.query("SELECT count() FROM " + CANARY + " FORMAT TSV").trim());
    }

    @Test
    void shouldRefuseStoredInsideDestinationsAtSendTimeBeforeConnecting() {
        // Rows an earlier version accepted: stored as they were, then run now on this server.
        ScheduleStore store = new ScheduleStore(clickHouse);
        List<String> urls = new ArrayList<>();
        for (String host : insideHosts()) {
            urls.add(canaryUrl(host));
        }
        urls.add(receiver.url("/inside"));
        urls.add("http://localhost:" + LocalClickHouse.freePort() + "/closed-port");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            ScheduleDefinition d = ScheduleDefinition.of(json(schedule(webhook(urls.get(i)) + "," + s3("http://127.0.0.1:" + LocalClickHouse.shared().httpPort()))));
            long now = System.currentTimeMillis();
            String id = "sch_legacy" + i + "_" + System.nanoTime() % 1_000_000;
            store.save(new Schedule(id, ACCOUNT, d, "active", now, now, "k_old", now, 1));
            ids.add(id);
        }
        List<String> runs = new ArrayList<>();
        for (String id : ids) {
            HttpResponse<byte[]> started = Requests.send(server, "POST", "/v1/exports/schedules/" + id + "/run", exporter, null);
            assertEquals(202, started.statusCode(), Requests.text(started));
            runs.add(json(started).get("id").asText());
        }
        for (int i = 0; i < ids.size(); i++) {
            String path = "/v1/exports/schedules/" + ids.get(i) + "/runs/" + runs.get(i);
            ScheduledExportTest.await(() -> !"running".equals(json(Requests.send(server, "GET", path, exporter, null)).get("status").asText()),
                    () -> "run " + path + " still running");
            JsonNode run = json(Requests.send(server, "GET", path, exporter, null));
            assertEquals("retrying", run.get("status").asText(), run.toString());
            for (JsonNode d : run.get("deliveries")) {
                assertEquals(DestinationPolicy.REFUSED, d.get("error").asText(), "the same refusal for every address and port: " + urls.get(i));
            }
        }
        assertEquals(0, receiver.on("/inside").size());
        assertEquals("0", clickHouse.query("SELECT count() FROM " + CANARY + " FORMAT TSV").trim(), "ClickHouse ran nothing");
    }

    @Test
    void shouldCheckAgainAtSendTimeANameThatWasAllowedWhenTheScheduleWasMade() throws Exception {
        String account = ACCOUNT + "_rebind";
        String caller = account + "/k/export";
        String body = schedule(webhook("http://localhost:" + receiver.url("/rebind").split(":")[2]));
        String id;
        try (ExportApi permissive = new ExportApi(Clock.systemUTC(),
                ExportsConfig.defaults().withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(30)))) {
            HttpResponse<byte[]> created = permissive.post("/v1/exports/schedules", caller, body);
            assertEquals(201, created.statusCode(), Requests.text(created));
            id = json(created).get("id").asText();
            String first = json(permissive.post("/v1/exports/schedules/" + id + "/run", caller, "")).get("id").asText();
            String firstPath = "/v1/exports/schedules/" + id + "/runs/" + first;
            ScheduledExportTest.await(() -> "delivered".equals(json(permissive.get(firstPath, caller)).get("status").asText()),
                    () -> "the permissive server delivers " + first);
            assertEquals(1, receiver.on("/rebind").size());
        }
        try (ExportApi strict = new ExportApi(Clock.systemUTC())) {
            String run = json(strict.post("/v1/exports/schedules/" + id + "/run", caller, "")).get("id").asText();
            String path = "/v1/exports/schedules/" + id + "/runs/" + run;
            ScheduledExportTest.await(() -> !"running".equals(json(strict.get(path, caller)).get("status").asText()), () -> path);
            JsonNode d = json(strict.get(path, caller)).get("deliveries").get(0);
            assertEquals(DestinationPolicy.REFUSED, d.get("error").asText());
            assertEquals(1, receiver.on("/rebind").size(), "nothing reached the receiver from the strict server");
        }
    }

    static void assertRefused(HttpResponse<byte[]> r, String field, String url) {
        assertEquals(400, r.statusCode(), url + " -> " + Requests.text(r));
        JsonNode body = json(r);
        assertEquals("invalid_request", body.get("error").asText());
        assertTrue(body.get("message").asText().startsWith("'" + field + "'"), url + " -> " + body);
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        return LeadExportTest.readJson(r.body());
    }

    static JsonNode json(String text) {
        return LeadExportTest.readJson(text.getBytes(StandardCharsets.UTF_8));
    }
}
