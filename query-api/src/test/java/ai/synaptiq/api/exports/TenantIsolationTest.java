package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.ApiServer;
import ai.synaptiq.api.exports.schedule.Schedule;
import ai.synaptiq.api.exports.schedule.ScheduleDefinition;
import ai.synaptiq.api.exports.schedule.ScheduleStore;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One tenant cannot stop others (docs/security.md, "Limits"): a receiver that never answers does
 * not hold back another account's run, and its delivery ends at the deadline; a run that throws
 * (an OutOfMemoryError before numbers in filters were bounded, a refusal since) is recorded and the
 * scheduler carries on; a third export stream of one account is a 429 with Retry-After; a logo
 * whose header declares 100000x100000 pixels is refused before it is decoded.
 */
class TenantIsolationTest {
    static final String SECRET = "whsec_aXNvbGF0aW9uLXdlYmhvb2stc2VjcmV0LTMyYnl0ZXM=";
    static final List<String> ACCOUNTS = new ArrayList<>();
    static MutableClock clock = new MutableClock("2026-11-02T08:00:00Z");
    static WebhookReceiver receiver;
    static Silent silent;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        silent = new Silent();
        api = new ExportApi(clock, ExportsConfig.defaults().withInstance("isolation", Duration.ofMillis(1200))
                .withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofMinutes(10)));
    }

    @AfterEach
    void deleteSchedules() {
        api.deleteSchedules(ACCOUNTS);
    }

    @AfterAll
    static void stop() throws Exception {
        ExportApi.closeAll(api, receiver, silent);
    }

    static String account(String name) {
        String a = "iso_" + name + "_" + System.nanoTime();
        ACCOUNTS.add(a);
        return a;
    }

    static String daily(String destination) {
        return "{\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\",\"time\":\"09:00\",\"dateRangeMode\":\"all_time\","
                + "\"destinations\":[" + destination + "]}";
    }

    static String webhook(String url) {
        return "{\"type\":\"webhook\",\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\"}";
    }

    /** The schedule's newest run; an empty object while it has none. */
    static JsonNode lastRun(ExportApi on, String caller, String scheduleId) {
        JsonNode runs = ScheduledExportTest.json(on.get("/v1/exports/schedules/" + scheduleId + "/runs", caller)).get("data");
        return runs.size() == 0 ? RawEvents.JSON.createObjectNode().put("status", "none") : runs.get(0);
    }

    @Test
    void shouldNotLetAReceiverThatNeverAnswersHoldBackAnotherAccountsRun() throws Exception {
        String slow = account("slow") + "/k/export";
        String other = account("other") + "/k/export";
        clock.set("2026-11-02T08:00:00Z");
        String slowId = ScheduledExportTest.create(api, slow, daily(webhook(silent.url())));
        String otherId = ScheduledExportTest.create(api, other, daily(webhook(receiver.url("/other"))));
        clock.set("2026-11-02T09:00:05Z");
        api.exports.scheduler().tick();
        ScheduledExportTest.await(() -> "delivered".equals(lastRun(api, other, otherId).get("status").asText()),
                () -> "the other account's run: " + lastRun(api, other, otherId));
        ScheduledExportTest.await(() -> silent.accepted() > 0, () -> "the silent receiver was never reached");
        assertEquals("running", lastRun(api, slow, slowId).get("status").asText(), "the slow delivery is still waiting for its answer");
        assertEquals(1, receiver.on("/other").size());
        silent.close();
        ScheduledExportTest.await(() -> "retrying".equals(lastRun(api, slow, slowId).get("status").asText()),
                () -> "the slow run once its receiver hung up: " + lastRun(api, slow, slowId));
    }

    @Test
    void shouldEndADeliveryThatGetsNoAnswerAtTheDeadline() throws Exception {
        String acc = account("deadline") + "/k/export";
        try (Silent never = new Silent(); ExportApi quick = new ExportApi(clock, ExportsConfig.defaults().withInstance("deadline", Duration.ofMillis(1200))
                .withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(1)))) {
            clock.set("2026-11-03T08:00:00Z");
            String id = ScheduledExportTest.create(quick, acc, daily(webhook(never.url())));
            String run = ScheduledExportTest.json(quick.post("/v1/exports/schedules/" + id + "/run", acc, "")).get("id").asText();
            String path = "/v1/exports/schedules/" + id + "/runs/" + run;
            ScheduledExportTest.await(() -> !"running".equals(ScheduledExportTest.json(quick.get(path, acc)).get("status").asText()), () -> path);
            JsonNode d = ScheduledExportTest.json(quick.get(path, acc)).get("deliveries").get(0);
            assertEquals("no complete answer from " + never.url() + " within 1 s", d.get("error").asText());
            assertTrue(never.accepted() > 0);
        }
    }

    @Test
    void shouldRecordARunThatThrowsAnErrorAndCarryOnWithTheOthers() throws Exception {
        String hostileAccount = account("hostile");
        String hostile = hostileAccount + "/k/export";
        String other = account("calm") + "/k/export";
        clock.set("2026-11-04T08:00:00Z");
        // A schedule an earlier version accepted (the case): its run writes minScore in plain digits, a
        // billion of them, which ended in an OutOfMemoryError; since filters bound their numbers the run refuses it.
        ScheduleDefinition d = ScheduleDefinition.of(LeadExportTest.readJson(("{\"dataType\":\"leads\",\"format\":\"csv\","
                + "\"filters\":{\"minScore\":\"1E-999999999\"},\"frequency\":\"daily\",\"time\":\"09:00\",\"dateRangeMode\":\"all_time\","
                + "\"destinations\":[" + webhook(receiver.url("/hostile")) + "]}").getBytes(StandardCharsets.UTF_8)));
        long now = clock.millis();
        String hostileId = "sch_oom_" + System.nanoTime() % 1_000_000;
        new ScheduleStore(api.clickHouse).save(new Schedule(hostileId, hostileAccount, d, "active", now, now, "k_old", now, 1));
        String otherId = ScheduledExportTest.create(api, other, daily(webhook(receiver.url("/calm"))).replace("09:00", "09:30"));

        clock.set("2026-11-04T09:00:05Z");
        api.exports.scheduler().tick().join();
        JsonNode failed = lastRun(api, hostile, hostileId);
        assertEquals("retrying", failed.get("status").asText(), failed.toString());
        assertTrue(failed.get("error").asText().startsWith("the file could not be generated: "), failed.toString());
        assertEquals(0, receiver.on("/hostile").size());
        api.exports.schedules().delete(hostileAccount, hostileId);

        clock.set("2026-11-04T09:30:05Z");
        api.exports.scheduler().tick().join();
        assertEquals("delivered", lastRun(api, other, otherId).get("status").asText(), "the scheduler carries on");
        assertEquals("failed\tthe schedule was deleted", api.clickHouse.query("SELECT status, error FROM synaptiq.export_runs FINAL WHERE run_id = '"
                + failed.get("id").asText() + "' FORMAT TSV").trim(), "its retry found the schedule deleted");
        clock.set("2026-11-05T09:30:05Z");
        api.exports.scheduler().tick().join();
        assertEquals(2, receiver.on("/calm").size(), "the next day's run happens as usual");
    }

    @Test
    void shouldRefuseAThirdExportStreamOfOneAccountWithRetryAfter() throws Exception {
        String account = account("streams");
        ClickHouseClient clickHouse = LocalClickHouse.shared().client();
        // About 20 MB of CSV: far more than the socket buffers between server and client hold.
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, created_at, last_activity_ms, email, name, phone,"
                + " company, status, score, source, source_url, tags, assigned_to, custom_properties, visitor_id, conversation_id, version)"
                + " SELECT '" + account + "', concat('lead_', toString(number)), 1, 1772532161000, toDateTime(1772532161), 1772532161000,"
                + " concat('person', toString(number), '@example.com'), concat('A rather long name for lead number ', toString(number)),"
                + " '+1-555-0123', 'Some Company With A Long Name, Inc.', 'new', 50, 'chat', 'https://example.com/pricing/some/long/path',"
                + " ['webinar'], 'owner@example.com', '{}', concat('v_', toString(number)), '', 1 FROM system.numbers LIMIT 150000");
        ApiServer server = ApiServer.start(ExportsServerTest.config(LocalClickHouse.shared().url()), Clock.systemUTC());
        List<Socket> streams = new ArrayList<>();
        try {
            String key = new ApiKeyStore(clickHouse, Clock.systemUTC()).create(account, Role.EXPORT).secret();
            for (int i = 0; i < 2; i++) {
                streams.add(openStream(server.port(), key));
            }
            HttpResponse<byte[]> third = Requests.send(server, "GET", "/v1/exports/leads?format=csv", key, null);
            assertEquals(429, third.statusCode(), Requests.text(third));
            assertEquals("10", third.headers().firstValue("Retry-After").orElse(null));
            assertEquals("rate_limited", ScheduledExportTest.json(third).get("error").asText());
            HttpResponse<byte[]> download = Requests.send(server, "GET", "/v1/exports/schedules/sch_x/runs/run_x/file", key, null);
            assertEquals(404, download.statusCode(), "a missing file is looked up before a stream is taken");
            for (Socket s : streams) {
                s.close();
            }
            ScheduledExportTest.await(() -> Requests.send(server, "GET", "/v1/exports/leads?format=csv&status=qualified", key, null)
                    .statusCode() == 200, () -> "the slots of the closed streams were not given back");
        } finally {
            for (Socket s : streams) {
                s.close();
            }
            server.close();
            clickHouse.execute("ALTER TABLE synaptiq.leads DELETE WHERE account_id = '" + account + "'");
        }
    }

    /** A GET of a big export whose answer this client reads no further than its headers: the server stays in the middle of it. */
    static Socket openStream(int port, String key) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.getOutputStream().write(("GET /v1/exports/leads?format=csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the stream: " + head);
            }
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), head.toString(StandardCharsets.US_ASCII));
        return s;
    }

    @Test
    void shouldRefuseALogoDeclaringHugeDimensionsBeforeDecodingIt() {
        String admin = account("logo") + "/k/admin";
        byte[] huge = png(100_000, 100_000);
        assertTrue(huge.length < 100, "a few bytes of PNG");
        HttpResponse<byte[]> r = api.put("/v1/exports/branding", admin, "{\"logoPng\":\"" + Base64.getEncoder().encodeToString(huge) + "\"}");
        assertEquals(400, r.statusCode(), Requests.text(r));
        assertTrue(ScheduledExportTest.json(r).get("message").asText().contains("100000x100000"), Requests.text(r));

        // A row an earlier version took: the report is made without the logo rather than decoding it.
        String account = admin.substring(0, admin.indexOf('/'));
        api.clickHouse.execute("INSERT INTO synaptiq.report_branding (account_id, company_name, primary_color, accent_color, logo_png, updated_ms,"
                + " updated_by) VALUES ('" + account + "', 'Huge', '#4F46E5', '#10B981', '" + Base64.getEncoder().encodeToString(huge) + "', 1, 'k_old')");
        HttpResponse<byte[]> pdf = api.get("/v1/exports/analytics?format=pdf&startDate=2026-03-01&endDate=2026-03-07", admin);
        assertEquals(200, pdf.statusCode(), Requests.text(pdf));
        assertTrue(new String(pdf.body(), 0, 4, StandardCharsets.US_ASCII).startsWith("%PDF"));
    }

    /** A PNG whose header declares {@code width}x{@code height} RGB pixels, with a token of image data. */
    static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
                .put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** An HTTP receiver that accepts connections and never answers, until closed. */
    static final class Silent implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        Silent() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-receiver");
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/never";
        }

        int accepted() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
