package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scheduled exports end to end: real SMTP (GreenMail), a real webhook endpoint, a real
 * S3-compatible store (S3Proxy), all on 127.0.0.1, and a clock the test moves. Every test uses
 * its own account and deletes its schedules, because a tick looks at every account's schedules.
 */
class ScheduledExportTest {
    static final long RUN = System.nanoTime();
    static final String DATA = "sched_data_" + RUN;
    static final String SECRET = "whsec_0123456789abcdef";
    static final String ALERT_SECRET = "alert_0123456789abcdef";
    static final Duration SETTLE = Duration.ofMillis(1200);
    static final List<String> ACCOUNTS = new ArrayList<>();
    static MutableClock clock = new MutableClock("2026-03-16T06:00:00Z");
    static WebhookReceiver hooks;
    static GreenMail mail;
    static S3Receiver s3;
    static BlobStore blobs;
    static ExportsConfig config;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        RawEvents ev = new RawEvents(DATA);
        // Berlin is UTC+1 until 2026-03-29: the first lead is on 2026-03-09 there, the third on 2026-03-16.
        ev.add("lead.created", "2026-03-08T23:30:00Z", e -> e.put("leadId", "lead_a").put("source", "form"), d -> d.put("score", 50).put("email", "a@x.io"));
        ev.add("lead.created", "2026-03-12T10:00:00Z", e -> e.put("leadId", "lead_b").put("source", "form"), d -> d.put("score", 60).put("email", "b@x.io"));
        ev.add("lead.created", "2026-03-15T23:30:00Z", e -> e.put("leadId", "lead_c").put("source", "form"), d -> d.put("score", 70).put("email", "c@x.io"));
        ev.add("lead.created", "2026-03-12T11:00:00Z", e -> e.put("leadId", "lead_q").put("source", "form"), d -> d.put("score", 80));
        ev.add("lead.qualified", "2026-03-12T12:00:00Z", e -> e.put("leadId", "lead_q"), d -> d.put("previousStatus", "new").put("newStatus", "qualified"));
        ev.load();

        hooks = new WebhookReceiver();
        int smtp = LocalClickHouse.freePort();
        mail = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        s3 = new S3Receiver("AKIDTEST", "s3secretTEST", "exports");
        blobs = s3.blobs;
        // The receivers are on 127.0.0.1: this server allows private destinations, as an operator would for receivers inside.
        config = ExportsConfig.defaults().withSmtp("127.0.0.1", smtp).withInstance("instance-a", SETTLE)
                .withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(30));
        api = new ExportApi(clock, config);
    }

    @AfterEach
    void deleteSchedules() {
        api.deleteSchedules(ACCOUNTS);
    }

    @AfterAll
    static void stop() throws Exception {
        ExportApi.closeAll(api, hooks, mail::stop, s3);
    }

    static String account(String name) {
        String a = "sched_" + name + "_" + RUN;
        ACCOUNTS.add(a);
        return a;
    }

    @Test
    void shouldRunWeeklyAtTheAccountsTimeAndDeliverTheSameFileEverywhere() throws Exception {
        ACCOUNTS.add(DATA);
        String exporter = DATA + "/k_sched/export";
        String admin = DATA + "/k_admin/admin";
        clock.set("2026-03-16T06:00:00Z");
        assertEquals(200, api.put("/v1/exports/settings", admin, "{\"timezone\":\"Europe/Berlin\"}").statusCode());
        HttpResponse<byte[]> created = api.post("/v1/exports/schedules", exporter, "{\"name\":\"Weekly leads\",\"dataType\":\"leads\",\"format\":\"csv\","
                + "\"filters\":{\"status\":[\"new\"]},\"frequency\":\"weekly\",\"dayOfWeek\":\"monday\",\"time\":\"08:00\",\"dateRangeMode\":\"previous_period\","
                + "\"destinations\":[{\"type\":\"email\",\"to\":[\"boss@example.com\"]},"
                + "{\"type\":\"webhook\",\"url\":\"" + hooks.url("/weekly") + "\",\"secret\":\"" + SECRET + "\"},"
                + "{\"type\":\"s3\",\"bucket\":\"exports\",\"prefix\":\"synaptiq/\",\"region\":\"us-east-1\",\"endpoint\":\"http://127.0.0.1:" + s3.port()
                + "\",\"accessKeyId\":\"AKIDTEST\",\"secretAccessKey\":\"s3secretTEST\"}]}");
        assertEquals(201, created.statusCode(), Requests.text(created));
        JsonNode schedule = json(created);
        String id = schedule.get("id").asText();
        assertEquals("2026-03-16T07:00:00Z", schedule.get("nextRunAt").asText());
        assertEquals("Europe/Berlin", schedule.get("timezone").asText());
        assertFalse(Requests.text(created).contains(SECRET) || Requests.text(created).contains("s3secretTEST"), "secrets are never shown");

        clock.set("2026-03-16T06:59:30Z");
        api.exports.scheduler().tick().join();
        assertEquals(0, runs(exporter, id).size(), "not due yet");

        clock.set("2026-03-16T07:00:20Z");
        api.exports.scheduler().tick().join();
        JsonNode run = runs(exporter, id).get(0);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        assertEquals("scheduled", run.get("trigger").asText());
        assertEquals("2026-03-16T07:00:00Z", run.get("scheduledFor").asText());
        assertEquals("2026-03-09", run.get("period").get("startDate").asText());
        assertEquals("2026-03-15", run.get("period").get("endDate").asText());
        assertEquals(2, run.get("recordCount").asInt());
        run.get("deliveries").forEach(d -> assertEquals("delivered", d.get("status").asText(), d.toString()));

        HttpResponse<byte[]> download = api.get(run.get("download").asText(), exporter);
        assertEquals(200, download.statusCode());
        byte[] file = download.body();
        byte[] manual = api.get("/v1/exports/leads?status=new&startDate=2026-03-09&endDate=2026-03-15&timezone=Europe/Berlin", exporter).body();
        assertArrayEquals(manual, file, "the scheduled file is the manual export of the previous week in Berlin");
        String text = new String(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"lead_a\"") && text.contains("\"lead_b\"") && !text.contains("\"lead_c\"") && !text.contains("\"lead_q\""), text);

        List<MimeMessage> messages = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals("boss@example.com")) {
                messages.add(m);
            }
        }
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).getSubject().contains("Weekly leads"), messages.get(0).getSubject());
        MimeMultipart parts = (MimeMultipart) messages.get(0).getContent();
        assertEquals(run.get("fileName").asText(), parts.getBodyPart(1).getFileName());
        assertArrayEquals(file, parts.getBodyPart(1).getInputStream().readAllBytes());

        List<WebhookReceiver.Received> posts = hooks.on("/weekly");
        assertEquals(1, posts.size());
        assertArrayEquals(file, posts.get(0).body());
        assertTrue(WebhookVerifier.verify(SECRET, posts.get(0), clock.instant()), "signed the Standard Webhooks way");
        assertEquals("msg_" + run.get("id").asText() + "_1", posts.get(0).header("webhook-id"));
        assertEquals(run.get("id").asText(), posts.get(0).header("X-Synaptiq-Run-Id"));
        assertTrue(posts.get(0).header("Content-Type").startsWith("text/csv"));

        assertArrayEquals(file, blobs.getBlob("exports", "synaptiq/" + run.get("fileName").asText()).getPayload().openStream().readAllBytes());

        JsonNode audit = json(api.get("/v1/exports/audit-log", admin)).get("data");
        JsonNode scheduled = entry(audit, "scheduled");
        assertEquals("k_sched", scheduled.get("keyId").asText());
        assertEquals(id, scheduled.get("scheduleId").asText());
        assertEquals(run.get("id").asText(), scheduled.get("runId").asText());
        assertEquals(2, scheduled.get("recordCount").asInt());
        assertEquals("2026-03-09", scheduled.get("filters").get("startDate").asText());
        assertEquals(run.get("id").asText(), entry(audit, "download").get("runId").asText(), "downloading a past file is audited too");

        api.exports.scheduler().tick().join();
        assertEquals(1, runs(exporter, id).size(), "one run per due time");
        assertEquals(1, hooks.on("/weekly").size());
    }

    @Test
    void shouldRetryThreeTimesOverTheNextHourThenNotifyAndAlert() throws Exception {
        String acc = account("retry");
        String admin = acc + "/k_admin/admin";
        clock.set("2026-04-01T08:00:00Z");
        assertEquals(200, api.put("/v1/exports/settings", admin, "{\"alertWebhookUrl\":\"" + hooks.url("/alert") + "\",\"alertWebhookSecret\":\""
                + ALERT_SECRET + "\"}").statusCode());
        hooks.answer("/down", 500, 500, 500, 500, 500);
        int mailsBefore = mail.getReceivedMessages().length;
        String id = create(admin, "{\"dataType\":\"conversations\",\"format\":\"json\",\"frequency\":\"daily\",\"time\":\"09:00\","
                + "\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + hooks.url("/down") + "\",\"secret\":\"" + SECRET + "\"},"
                + "{\"type\":\"email\",\"to\":\"ops@example.com\"}]}");

        clock.set("2026-04-01T09:00:05Z");
        api.exports.scheduler().tick().join();
        JsonNode run = runs(admin, id).get(0);
        assertEquals("retrying", run.get("status").asText());
        assertEquals("2026-04-01T09:05:05Z", run.get("nextAttemptAt").asText());
        assertEquals("delivered", run.get("deliveries").get(1).get("status").asText());
        assertEquals("HTTP 500 from " + hooks.url("/down"), run.get("deliveries").get(0).get("error").asText());

        clock.set("2026-04-01T09:05:00Z");
        api.exports.scheduler().tick().join();
        assertEquals(1, hooks.on("/down").size(), "not yet");
        clock.set("2026-04-01T09:05:05Z");
        api.exports.scheduler().tick().join();
        run = runs(admin, id).get(0);
        assertEquals(1, run.get("retries").asInt());
        assertEquals("2026-04-01T09:20:05Z", run.get("nextAttemptAt").asText());
        clock.set("2026-04-01T09:20:05Z");
        api.exports.scheduler().tick().join();
        assertEquals("2026-04-01T10:00:05Z", runs(admin, id).get(0).get("nextAttemptAt").asText());
        clock.set("2026-04-01T10:00:05Z");
        api.exports.scheduler().tick().join();
        run = runs(admin, id).get(0);
        assertEquals("failed", run.get("status").asText());
        assertEquals(3, run.get("retries").asInt());
        assertEquals(4, hooks.on("/down").size(), "the first attempt and 3 retries, over an hour");
        assertEquals(4, run.get("deliveries").get(0).get("attempts").asInt());
        assertEquals(1, run.get("deliveries").get(1).get("attempts").asInt(), "a delivered destination is not sent again");
        assertEquals(mailsBefore + 1, mail.getReceivedMessages().length);

        JsonNode note = json(api.get("/v1/notifications", admin)).get("data").get(0);
        assertEquals("export_delivery_failed", note.get("kind").asText());
        assertEquals(run.get("id").asText(), note.get("refId").asText());
        List<WebhookReceiver.Received> alerts = hooks.on("/alert");
        assertEquals(1, alerts.size());
        JsonNode alert = RawEvents.JSON.readTree(alerts.get(0).body());
        assertEquals("export.delivery_failed", alert.get("event").asText());
        assertEquals(run.get("id").asText(), alert.get("runId").asText());
        assertEquals(hooks.url("/down"), alert.get("failedDestinations").get(0).get("target").asText());
        assertTrue(WebhookVerifier.verify(ALERT_SECRET, alerts.get(0), clock.instant()));
        assertEquals(200, api.get(run.get("download").asText(), admin).statusCode(), "the file stays downloadable");

        clock.set("2026-04-01T12:00:00Z");
        api.exports.scheduler().tick().join();
        assertEquals(4, hooks.on("/down").size());
    }

    @Test
    void shouldCatchUpAMissedRunOnceAfterARestart() {
        String acc = account("catchup");
        String exporter = acc + "/k/export";
        clock.set("2026-05-01T05:00:00Z");
        String id = create(exporter, "{\"dataType\":\"leads\",\"format\":\"json\",\"frequency\":\"daily\",\"time\":\"06:00\",\"dateRangeMode\":\"all_time\","
                + "\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + hooks.url("/catchup") + "\",\"secret\":\"" + SECRET + "\"}]}");
        // No instance runs for two days; then a new one starts (nothing of the old one is kept but ClickHouse).
        clock.set("2026-05-03T10:00:00Z");
        try (ExportApi restarted = new ExportApi(clock, config.withInstance("instance-restarted", SETTLE))) {
            restarted.exports.scheduler().tick().join();
            restarted.exports.scheduler().tick().join();
            List<JsonNode> runs = runs(exporter, id);
            assertEquals(1, runs.size(), "the missed runs are caught up once");
            assertEquals("2026-05-03T06:00:00Z", runs.get(0).get("scheduledFor").asText());
            assertTrue(runs.get(0).get("period").isNull(), "all time");
            assertEquals(1, hooks.on("/catchup").size());
            clock.set("2026-05-04T06:00:30Z");
            restarted.exports.scheduler().tick().join();
            assertEquals(2, runs(exporter, id).size());
        }
    }

    @Test
    void shouldNeverRunOneScheduleTwiceWithTwoInstances() throws Exception {
        String acc = account("twice");
        String exporter = acc + "/k/export";
        clock.set("2026-06-01T06:00:00Z");
        String id = create(exporter, "{\"dataType\":\"analytics\",\"format\":\"csv\",\"frequency\":\"daily\",\"time\":\"07:00\","
                + "\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + hooks.url("/twice") + "\",\"secret\":\"" + SECRET + "\"}]}");
        clock.set("2026-06-01T07:00:01Z");
        ExportComponents other = new ExportComponents(api.clickHouse, clock, config.withInstance("instance-b", SETTLE));
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (ExportComponents instance : List.of(api.exports, other)) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    instance.scheduler().tick().join();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertEquals(1, runs(exporter, id).size());
        assertEquals(1, hooks.on("/twice").size());
        String runId = runs(exporter, id).get(0).get("id").asText();
        assertEquals("2", api.clickHouse.query("SELECT count() FROM synaptiq.export_run_claims WHERE run_id = '" + runId + "' FORMAT TabSeparated").trim(),
                "both instances claimed, one won");
        other.scheduler().close();
    }

    @Test
    void shouldRunNowRetryAFlakyWebhookAndKeepTheFileThirtyDays() {
        String acc = account("now");
        String exporter = acc + "/k/export";
        clock.set("2026-07-10T12:00:00Z");
        hooks.answer("/flaky", 503);
        String id = create(exporter, "{\"name\":\"Monthly report\",\"dataType\":\"analytics\",\"format\":\"pdf\",\"filters\":{\"granularity\":\"week\"},"
                + "\"frequency\":\"monthly\",\"dayOfMonth\":1,\"time\":\"06:00\","
                + "\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + hooks.url("/flaky") + "\",\"secret\":\"" + SECRET + "\"}]}");
        HttpResponse<byte[]> started = api.post("/v1/exports/schedules/" + id + "/run", exporter, "");
        assertEquals(202, started.statusCode(), Requests.text(started));
        assertEquals("manual", json(started).get("trigger").asText());
        await(() -> "retrying".equals(runs(exporter, id).get(0).get("status").asText()), () -> runs(exporter, id).toString());
        JsonNode run = runs(exporter, id).get(0);
        assertEquals("2026-06-10", run.get("period").get("startDate").asText());
        assertEquals("2026-07-09", run.get("period").get("endDate").asText());

        clock.set("2026-07-10T12:05:00Z");
        api.exports.scheduler().tick().join();
        run = runs(exporter, id).get(0);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        assertEquals(2, hooks.on("/flaky").size());
        assertTrue(new String(hooks.on("/flaky").get(1).body(), 0, 5, StandardCharsets.US_ASCII).startsWith("%PDF"));
        HttpResponse<byte[]> file = api.get(run.get("download").asText(), exporter);
        assertEquals(200, file.statusCode());
        assertEquals("application/pdf", file.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(hooks.on("/flaky").get(1).body(), file.body());

        clock.set("2026-08-10T12:00:01Z");
        assertEquals(404, api.get(run.get("download").asText(), exporter).statusCode(), "kept 30 days");
        assertTrue(runs(exporter, id).get(0).get("download").isNull());
        String runId = run.get("id").asText();
        api.exports.scheduler().tick().join();
        await(() -> "0".equals(api.clickHouse.query("SELECT count() FROM synaptiq.export_files WHERE file_id = '" + runId
                + "' FORMAT TabSeparated").trim()), () -> "the expired file is still there: " + api.clickHouse.query(
                "SELECT file_id, chunk, expires_ms, created_ms FROM synaptiq.export_files WHERE file_id = '" + runId + "' FORMAT TSV")
                + api.clickHouse.query("SELECT * FROM system.mutations WHERE table = 'export_files' FORMAT TSV"));
    }

    @Test
    void shouldManageSchedulesThroughTheApi() {
        String acc = account("crud");
        String exporter = acc + "/k/export";
        String hook = "{\"type\":\"webhook\",\"url\":\"" + hooks.url("/crud") + "\",\"secret\":\"" + SECRET + "\"}";
        String valid = "{\"name\":\"Qualified weekly\",\"dataType\":\"leads\",\"format\":\"json\",\"filters\":{\"status\":\"qualified\",\"minScore\":50},"
                + "\"frequency\":\"weekly\",\"dayOfWeek\":\"friday\",\"time\":\"17:30\",\"destinations\":[" + hook + "]}";
        for (String bad : List.of(
                valid.replace("\"weekly\"", "\"hourly\""),
                valid.replace(",\"dayOfWeek\":\"friday\"", ""),
                valid.replace("17:30", "5pm"),
                valid.replace("\"minScore\":50", "\"startDate\":\"2026-01-01\""),
                valid.replace("\"minScore\":50", "\"statuses\":\"new\""),
                valid.replace("\"format\":\"json\"", "\"format\":\"pdf\""),
                valid.replace("[" + hook + "]", "[]"),
                valid.replace(SECRET, "short"),
                valid.replace("\"dataType\":\"leads\"", "\"dataType\":\"visitors\""),
                "{\"dataType\":\"leads\",\"frequency\":\"monthly\",\"dayOfMonth\":32,\"time\":\"08:00\",\"destinations\":[" + hook + "]}",
                "{\"dataType\":\"leads\",\"frequency\":\"daily\",\"time\":\"08:00\",\"destinations\":[{\"type\":\"ftp\"}]}",
                "not json")) {
            HttpResponse<byte[]> r = api.post("/v1/exports/schedules", exporter, bad);
            assertEquals(400, r.statusCode(), bad + " -> " + Requests.text(r));
            assertEquals("invalid_request", json(r).get("error").asText());
        }
        assertEquals(403, api.post("/v1/exports/schedules", acc + "/k/viewer", valid).statusCode());
        assertEquals(403, api.get("/v1/exports/schedules", acc + "/k/viewer").statusCode());
        assertEquals(403, api.put("/v1/exports/settings", exporter, "{\"timezone\":\"UTC\"}").statusCode());

        clock.set("2026-03-18T12:00:00Z");
        String id = create(exporter, valid);
        JsonNode got = json(api.get("/v1/exports/schedules/" + id, exporter));
        assertEquals("Qualified weekly", got.get("name").asText());
        assertEquals("friday", got.get("dayOfWeek").asText());
        assertEquals("2026-03-20T17:30:00Z", got.get("nextRunAt").asText());
        assertEquals("qualified", got.get("filters").get("status").get(0).asText());
        assertEquals("previous_period", got.get("dateRangeMode").asText());
        assertTrue(got.get("destinations").get(0).get("secretSet").asBoolean());
        assertEquals("****cdef", got.get("destinations").get(0).get("secret").asText(), "a secret shows only its last 4 characters");
        assertEquals(1, json(api.get("/v1/exports/schedules", exporter)).get("data").size());
        assertEquals(404, api.get("/v1/exports/schedules/" + id, "other_" + RUN + "/k/admin").statusCode());

        JsonNode edited = json(api.put("/v1/exports/schedules/" + id, exporter, valid.replace("17:30", "09:15")));
        assertEquals("09:15", edited.get("time").asText());
        assertEquals("2026-03-20T09:15:00Z", edited.get("nextRunAt").asText());
        JsonNode paused = json(api.post("/v1/exports/schedules/" + id + "/pause", exporter, ""));
        assertEquals("paused", paused.get("status").asText());
        assertTrue(paused.get("nextRunAt").isNull());
        assertEquals("active", json(api.post("/v1/exports/schedules/" + id + "/resume", exporter, "")).get("status").asText());
        assertEquals(0, json(api.get("/v1/exports/schedules/" + id + "/runs", exporter)).get("data").size());
        assertEquals(204, api.delete("/v1/exports/schedules/" + id, exporter).statusCode());
        assertEquals(404, api.get("/v1/exports/schedules/" + id, exporter).statusCode());
        assertEquals(0, json(api.get("/v1/exports/schedules", exporter)).get("data").size());
    }

    static String create(String caller, String body) {
        return create(api, caller, body);
    }

    static String create(ExportApi on, String caller, String body) {
        HttpResponse<byte[]> r = on.post("/v1/exports/schedules", caller, body);
        assertEquals(201, r.statusCode(), Requests.text(r));
        return json(r).get("id").asText();
    }

    static List<JsonNode> runs(String caller, String scheduleId) {
        HttpResponse<byte[]> r = api.get("/v1/exports/schedules/" + scheduleId + "/runs", caller);
        assertEquals(200, r.statusCode(), Requests.text(r));
        List<JsonNode> out = new ArrayList<>();
        json(r).get("data").forEach(out::add);
        return out;
    }

    /** The newest audit entry of this origin. */
    static JsonNode entry(JsonNode entries, String origin) {
        for (JsonNode e : entries) {
            if (origin.equals(e.get("origin").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + origin + " entry in " + entries);
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        return LeadExportTest.readJson(r.body());
    }

    static void await(BooleanSupplier condition, Supplier<String> state) {
        // Generous: these machines are shared with benchmarks.
        long deadline = System.currentTimeMillis() + 180_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 180 s: " + state.get());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
