package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.exports.schedule.Schedule;
import ai.synaptiq.api.exports.schedule.ScheduleDefinition;
import ai.synaptiq.api.exports.schedule.ScheduleStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets at rest (docs/security.md, "Secrets at rest"): webhook secrets, S3 secret keys and alert
 * webhook secrets are sealed (AES-GCM) in ClickHouse, shown only as {@code ****} and their last 4
 * characters, and opened for the delivery alone, which still succeeds: the webhook's signature
 * checks out with the plain secret and S3Proxy takes the upload signed with the plain key. Rows an
 * earlier version stored in plain text are sealed at start, and no version of them stays on disk.
 */
class SecretsAtRestTest {
    static final String WEBHOOK_SECRET = "whsec_YXQtcmVzdC13ZWJob29rLXNlY3JldC0zMi1ieXRlcyE=";
    static final String S3_SECRET = "s3-secret-at-rest-KEY9";
    static final String ALERT_SECRET = "alert-secret-at-rest-ZQ77";
    static final List<String> ACCOUNTS = new java.util.concurrent.CopyOnWriteArrayList<>();
    static MutableClock clock = new MutableClock("2026-10-01T08:00:00Z");
    static WebhookReceiver receiver;
    static S3Receiver s3;
    static BlobStore blobs;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        s3 = new S3Receiver("AKIDSEALED", S3_SECRET, "sealed");
        blobs = s3.blobs;
        api = new ExportApi(clock, config(ExportApi.SECRETS_KEY));
    }

    static ExportsConfig config(String key) {
        return ExportsConfig.defaults().withInstance("sealing", Duration.ofMillis(1200)).withOutbound(true, key, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        api.deleteSchedules(ACCOUNTS);
        ExportApi.closeAll(api, receiver, s3);
    }

    @Test
    void shouldStoreSecretsSealedShowThemMaskedAndStillDeliver() throws Exception {
        String account = "sealed_" + System.nanoTime();
        ACCOUNTS.add(account);
        String exporter = account + "/k/export";
        String admin = account + "/k/admin";
        HttpResponse<byte[]> settings = api.put("/v1/exports/settings", admin, "{\"alertWebhookUrl\":\"" + receiver.url("/alert")
                + "\",\"alertWebhookSecret\":\"" + ALERT_SECRET + "\"}");
        assertEquals(200, settings.statusCode(), Requests.text(settings));
        HttpResponse<byte[]> created = api.post("/v1/exports/schedules", exporter, "{\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\","
                + "\"time\":\"09:00\",\"dateRangeMode\":\"all_time\",\"destinations\":["
                + "{\"type\":\"webhook\",\"url\":\"" + receiver.url("/sealed") + "\",\"secret\":\"" + WEBHOOK_SECRET + "\"},"
                + "{\"type\":\"s3\",\"bucket\":\"sealed\",\"endpoint\":\"http://127.0.0.1:" + s3.port() + "\",\"accessKeyId\":\"AKIDSEALED\","
                + "\"secretAccessKey\":\"" + S3_SECRET + "\"}]}");
        assertEquals(201, created.statusCode(), Requests.text(created));
        String id = ScheduledExportTest.json(created).get("id").asText();

        String rows = api.clickHouse.query("SELECT * FROM synaptiq.export_schedules WHERE account_id = '" + account + "' FORMAT TSV")
                + api.clickHouse.query("SELECT * FROM synaptiq.export_settings WHERE account_id = '" + account + "' FORMAT TSV")
                + api.clickHouse.query("SELECT * FROM synaptiq.export_alert_channels WHERE account_id = '" + account + "' FORMAT TSV");
        assertTrue(rows.contains("sealed:v1:"), rows);
        assertNoSecretIn(rows, "the rows ClickHouse holds");

        for (HttpResponse<byte[]> r : java.util.List.of(created, settings, api.get("/v1/exports/schedules/" + id, exporter),
                api.get("/v1/exports/schedules", exporter), api.get("/v1/exports/settings", admin))) {
            assertNoSecretIn(Requests.text(r), r.uri().getPath());
        }
        JsonNode shown = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id, exporter)).get("destinations");
        assertEquals("****cyE=", shown.get(0).get("secret").asText());
        assertEquals("****KEY9", shown.get(1).get("secretAccessKey").asText());
        assertEquals("****ZQ77", ScheduledExportTest.json(api.get("/v1/exports/settings", admin)).get("alertWebhookSecret").asText());
        HttpResponse<byte[]> sentBack = api.put("/v1/exports/schedules/" + id, exporter, "{\"dataType\":\"leads\",\"format\":\"csv\","
                + "\"frequency\":\"daily\",\"time\":\"09:00\",\"destinations\":[{\"type\":\"s3\",\"bucket\":\"sealed\",\"endpoint\":\"http://127.0.0.1:"
                + s3.port() + "\",\"accessKeyId\":\"AKIDSEALED\",\"secretAccessKey\":\"****KEY9\"}]}");
        assertEquals(400, sentBack.statusCode(), "the masked form is not taken for a secret: " + Requests.text(sentBack));

        clock.set("2026-10-01T09:00:05Z");
        api.exports.scheduler().tick().join();
        JsonNode run = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id + "/runs", exporter)).get("data").get(0);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        assertTrue(WebhookVerifier.verify(WEBHOOK_SECRET, receiver.on("/sealed").get(0), clock.instant()), "signed with the opened secret");
        byte[] file = api.get(run.get("download").asText(), exporter).body();
        assertArrayEquals(file, blobs.getBlob("sealed", run.get("fileName").asText()).getPayload().openStream().readAllBytes(),
                "S3Proxy checked the request signed with the opened secret key");
    }

    @Test
    void shouldSealPlainSecretsOfRowsWrittenBeforeAndLeaveNoPlainVersionOnDisk() throws Exception {
        String account = "plain_" + System.nanoTime();
        ACCOUNTS.add(account);
        String exporter = account + "/k/export";
        String legacySecret = "whsec_bGVnYWN5LXBsYWluLXRleHQtc2VjcmV0LTMyYnl0ZXM=";
        ScheduleDefinition d = ScheduleDefinition.of(LeadExportTest.readJson(("{\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\","
                + "\"time\":\"09:00\",\"dateRangeMode\":\"all_time\",\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/legacy")
                + "\",\"secret\":\"" + legacySecret + "\"}]}").getBytes(StandardCharsets.UTF_8)));
        long now = clock.millis();
        new ScheduleStore(api.clickHouse).save(new Schedule("sch_plain_" + System.nanoTime() % 1_000_000, account, d, "active", now, now, "k_old", now, 1));
        api.clickHouse.execute("INSERT INTO synaptiq.export_settings (account_id, timezone, alert_webhook_url, alert_webhook_secret, updated_ms, updated_by)"
                + " VALUES ('" + account + "', 'UTC', '" + receiver.url("/legacy-alert") + "', '" + ALERT_SECRET + "', " + now + ", 'k_old')");
        String before = api.clickHouse.query("SELECT destinations FROM synaptiq.export_schedules WHERE account_id = '" + account + "' FORMAT TSV");
        assertTrue(before.contains(legacySecret), "the row is as an earlier version wrote it");

        api.exports.sealStoredSecrets();

        String rows = api.clickHouse.query("SELECT * FROM synaptiq.export_schedules WHERE account_id = '" + account + "' FORMAT TSV")
                + api.clickHouse.query("SELECT * FROM synaptiq.export_settings WHERE account_id = '" + account + "' FORMAT TSV");
        assertFalse(rows.contains(legacySecret) || rows.contains(ALERT_SECRET), "no version of the plain rows is left: " + rows);
        assertTrue(rows.contains("sealed:v1:"), rows);

        String id = ScheduledExportTest.json(api.get("/v1/exports/schedules", exporter)).get("data").get(0).get("id").asText();
        String runId = ScheduledExportTest.json(api.post("/v1/exports/schedules/" + id + "/run", exporter, "")).get("id").asText();
        ScheduledExportTest.await(() -> "delivered".equals(ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id + "/runs/" + runId, exporter))
                .get("status").asText()), () -> runId);
        assertTrue(WebhookVerifier.verify(legacySecret, receiver.on("/legacy").get(0), clock.instant()), "the sealed secret signs as the plain one did");
    }

    @Test
    void shouldNotDeliverWithAnotherKeyNorStoreSecretsWithoutOne() {
        String account = "rekeyed_" + System.nanoTime();
        ACCOUNTS.add(account);
        String exporter = account + "/k/export";
        String body = "{\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\",\"time\":\"09:00\",\"destinations\":["
                + "{\"type\":\"webhook\",\"url\":\"" + receiver.url("/rekeyed") + "\",\"secret\":\"" + WEBHOOK_SECRET + "\"}]}";
        String id = ScheduledExportTest.json(api.post("/v1/exports/schedules", exporter, body)).get("id").asText();
        try (ExportApi other = new ExportApi(clock, config("YW5vdGhlci1zZWNyZXRzLWtleS0zMi1ieXRlcy1vayE="))) {
            String runId = ScheduledExportTest.json(other.post("/v1/exports/schedules/" + id + "/run", exporter, "")).get("id").asText();
            String path = "/v1/exports/schedules/" + id + "/runs/" + runId;
            ScheduledExportTest.await(() -> !"running".equals(ScheduledExportTest.json(other.get(path, exporter)).get("status").asText()), () -> path);
            String error = ScheduledExportTest.json(other.get(path, exporter)).get("deliveries").get(0).get("error").asText();
            assertTrue(error.contains("cannot be opened"), error);
            assertEquals(0, receiver.on("/rekeyed").size());
        }
        try (ExportApi keyless = new ExportApi(clock, config(""))) {
            HttpResponse<byte[]> refused = keyless.post("/v1/exports/schedules", exporter, body);
            assertEquals(503, refused.statusCode(), Requests.text(refused));
            assertNoSecretIn(Requests.text(refused), "the refusal");
        }
    }

    static void assertNoSecretIn(String text, String where) {
        for (String secret : new String[] {WEBHOOK_SECRET, S3_SECRET, ALERT_SECRET, WEBHOOK_SECRET.substring(6)}) {
            assertFalse(text.contains(secret), where + " holds a secret in plain text: " + text);
        }
    }
}
