package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An account's cloud credentials stored once (PUT/GET/DELETE /v1/exports/integrations/{name}, a
 * test upload) and named by schedules, and its alert channels (email and signed webhooks), with
 * the former alert webhook setting read and written as one of them; on S3Proxy, GreenMail and a
 * local webhook endpoint.
 */
class IntegrationsTest {
    static final String S3_SECRET = "integration-s3-secret-KEY7";
    static final String ALERT_SECRET = "whsec_YWxlcnQtY2hhbm5lbC1zZWNyZXQtMzItYnl0ZXMh";
    static final MutableClock CLOCK = new MutableClock("2026-08-03T08:00:00Z");
    static S3Receiver s3;
    static WebhookReceiver hooks;
    static GreenMail mail;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        s3 = new S3Receiver("AKIDINTEGRATION", S3_SECRET, "warehouse");
        hooks = new WebhookReceiver();
        int smtp = LocalClickHouse.freePort();
        mail = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        // The receivers are on 127.0.0.1: this server allows private destinations, as an operator would for receivers inside.
        api = new ExportApi(CLOCK, ExportsConfig.defaults().withSmtp("127.0.0.1", smtp).withInstance("integrations", Duration.ofMillis(1200))
                .withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() throws Exception {
        ExportApi.closeAll(api, hooks, mail::stop, s3);
    }

    static String s3Integration(String secret) {
        return "{\"type\":\"s3\",\"bucket\":\"warehouse\",\"prefix\":\"synaptiq/\",\"endpoint\":\"" + s3.url() + "\",\"accessKeyId\":\"AKIDINTEGRATION\","
                + "\"secretAccessKey\":\"" + secret + "\"}";
    }

    @Test
    void shouldStoreCredentialsOnceSealedAndDeliverEverySchedulesFileWithThem() throws Exception {
        String account = "integrations_" + System.nanoTime();
        String admin = account + "/k_admin/admin";
        String exporter = account + "/k_exp/export";
        assertEquals(403, api.put("/v1/exports/integrations/warehouse", exporter, s3Integration(S3_SECRET)).statusCode(), "admins set credentials");
        HttpResponse<byte[]> put = api.put("/v1/exports/integrations/warehouse", admin, s3Integration(S3_SECRET));
        assertEquals(200, put.statusCode(), Requests.text(put));
        assertEquals(400, api.put("/v1/exports/integrations/bad%20name", admin, s3Integration(S3_SECRET)).statusCode());
        assertEquals(400, api.put("/v1/exports/integrations/warehouse", admin, s3Integration("****KEY7")).statusCode(), "a masked secret is no secret");

        JsonNode shown = ScheduledExportTest.json(api.get("/v1/exports/integrations/warehouse", exporter));
        assertEquals("s3", shown.get("type").asText());
        assertEquals("****KEY7", shown.get("secretAccessKey").asText());
        assertEquals("k_admin", shown.get("updatedBy").asText());
        assertEquals(1, ScheduledExportTest.json(api.get("/v1/exports/integrations", exporter)).get("data").size());
        assertEquals(403, api.get("/v1/exports/integrations", account + "/k_v/viewer").statusCode());
        String rows = api.clickHouse.query("SELECT * FROM synaptiq.export_integrations WHERE account_id = '" + account + "' FORMAT TSV");
        assertTrue(rows.contains("sealed:v1:") && !rows.contains(S3_SECRET), rows);
        for (HttpResponse<byte[]> r : List.of(put, api.get("/v1/exports/integrations", exporter))) {
            assertFalse(Requests.text(r).contains(S3_SECRET), Requests.text(r));
        }

        JsonNode test = ScheduledExportTest.json(api.post("/v1/exports/integrations/warehouse/test", admin, ""));
        assertEquals("delivered", test.get("outcome").asText(), test.toString());
        assertNotNull(s3.object("warehouse", "synaptiq/" + test.get("fileName").asText()), "the test file is in the bucket");
        assertEquals(200, api.put("/v1/exports/integrations/wrong", admin, s3Integration("not-the-secret-at-all")).statusCode());
        HttpResponse<byte[]> failed = api.post("/v1/exports/integrations/wrong/test", admin, "");
        assertEquals(200, failed.statusCode(), "what the destination said is the answer, not a server error");
        assertEquals("failed", ScheduledExportTest.json(failed).get("outcome").asText());
        assertTrue(ScheduledExportTest.json(failed).get("error").asText().contains("upload to s3://warehouse/synaptiq/"), Requests.text(failed));
        assertEquals(404, api.post("/v1/exports/integrations/nothing/test", admin, "").statusCode());

        String body = "{\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\",\"time\":\"09:00\",\"dateRangeMode\":\"all_time\","
                + "\"destinations\":[{\"type\":\"s3\",\"integration\":\"%s\"%s}]}";
        assertEquals(400, api.post("/v1/exports/schedules", exporter, String.format(body, "nothing", "")).statusCode(), "no such integration");
        assertEquals(400, api.post("/v1/exports/schedules", exporter, String.format(body, "warehouse", "").replace("s3", "gcs")).statusCode(),
                "an s3 integration is no gcs destination");
        String id = ScheduledExportTest.create(api, exporter, String.format(body, "warehouse", ",\"prefix\":\"daily/\""));
        JsonNode run = api.runNow(exporter, id);
        assertEquals("delivered", run.get("status").asText(), run.toString());
        assertEquals("s3 integration warehouse at daily/", run.get("deliveries").get(0).get("target").asText());
        assertArrayEquals(api.get(run.get("download").asText(), exporter).body(), s3.object("warehouse", "daily/" + run.get("fileName").asText()));

        assertEquals(List.of(id), List.of(ScheduledExportTest.json(api.get("/v1/exports/integrations/warehouse", admin)).get("usedBy").get(0).asText()));
        HttpResponse<byte[]> refused = api.delete("/v1/exports/integrations/warehouse", admin);
        assertEquals(409, refused.statusCode());
        assertEquals("conflict", ScheduledExportTest.json(refused).get("error").asText());
        assertTrue(ScheduledExportTest.json(refused).get("message").asText().contains(id), Requests.text(refused));
        assertEquals(409, api.put("/v1/exports/integrations/warehouse", admin, "{\"type\":\"dropbox\",\"accessToken\":\"x\"}").statusCode(),
                "a schedule's credentials cannot change kind under it");
        api.exports.schedules().delete(account, id);
        assertEquals(204, api.delete("/v1/exports/integrations/warehouse", admin).statusCode());
        assertEquals(404, api.get("/v1/exports/integrations/warehouse", admin).statusCode());
    }

    @Test
    void shouldTellEveryAlertChannelWhenADeliveryFailsForGood() throws Exception {
        String account = "alerts_" + System.nanoTime();
        String admin = account + "/k_admin/admin";
        String channels = "{\"channels\":[{\"type\":\"email\",\"to\":[\"ops@example.com\",\"cto@example.com\"]},"
                + "{\"type\":\"webhook\",\"url\":\"" + hooks.url("/alerts") + "\",\"secret\":\"" + ALERT_SECRET + "\"}]}";
        assertEquals(403, api.put("/v1/exports/alert-channels", account + "/k/export", channels).statusCode());
        HttpResponse<byte[]> put = api.put("/v1/exports/alert-channels", admin, channels);
        assertEquals(200, put.statusCode(), Requests.text(put));
        assertFalse(Requests.text(put).contains(ALERT_SECRET.substring(6)), Requests.text(put));
        assertEquals("****ZXMh", ScheduledExportTest.json(put).get("channels").get(1).get("secret").asText());
        JsonNode settings = ScheduledExportTest.json(api.get("/v1/exports/settings", admin));
        assertEquals(hooks.url("/alerts"), settings.get("alertWebhookUrl").asText(), "the alert webhook setting is the first webhook channel");

        CLOCK.set("2026-08-03T08:00:00Z");
        hooks.answer("/broken", 500, 500, 500, 500);
        String id = ScheduledExportTest.create(api, admin, "{\"name\":\"Nightly\",\"dataType\":\"leads\",\"format\":\"csv\",\"frequency\":\"daily\","
                + "\"time\":\"09:00\",\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + hooks.url("/broken") + "\",\"secret\":\"0123456789abcdef\"}]}");
        int mails = mail.getReceivedMessages().length;
        for (String at : new String[] {"09:00:05", "09:05:05", "09:20:05", "10:00:05"}) {
            CLOCK.set("2026-08-03T" + at + "Z");
            api.exports.scheduler().tick().join();
        }
        JsonNode run = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id + "/runs", admin)).get("data").get(0);
        api.exports.schedules().delete(account, id);
        assertEquals("failed", run.get("status").asText(), run.toString());
        assertEquals("export_delivery_failed", ScheduledExportTest.json(api.get("/v1/notifications", admin)).get("data").get(0).get("kind").asText());

        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals(mails + 2, received.length, "one plain-text alert to each address");
        MimeMessage alertMail = received[received.length - 1];
        assertTrue(alertMail.getSubject().contains("\"Nightly\" could not be delivered"), alertMail.getSubject());
        assertTrue(alertMail.getContentType().startsWith("text/plain"), alertMail.getContentType());
        String text = (String) alertMail.getContent();
        assertTrue(text.contains(run.get("id").asText()) && text.contains(hooks.url("/broken") + ": HTTP 500"), text);

        List<WebhookReceiver.Received> alerts = hooks.on("/alerts");
        assertEquals(1, alerts.size());
        assertTrue(WebhookVerifier.verify(ALERT_SECRET, alerts.get(0), CLOCK.instant()), "signed like export webhooks");
        JsonNode alert = RawEvents.JSON.readTree(alerts.get(0).body());
        assertEquals("export.delivery_failed", alert.get("event").asText());
        assertEquals(run.get("id").asText(), alert.get("runId").asText());
    }

    @Test
    void shouldKeepTheAlertWebhookSettingWorkingAsAnAlertChannel() {
        String account = "alert_legacy_" + System.nanoTime();
        String admin = account + "/k_admin/admin";
        api.clickHouse.execute("INSERT INTO synaptiq.export_settings (account_id, timezone, alert_webhook_url, alert_webhook_secret, updated_ms, updated_by)"
                + " VALUES ('" + account + "', 'Europe/Berlin', '" + hooks.url("/old") + "', 'an-old-alert-secret-0LD1', 1, 'k_old')");
        JsonNode channels = ScheduledExportTest.json(api.get("/v1/exports/alert-channels", admin)).get("channels");
        assertEquals(1, channels.size(), "a webhook an earlier version stored is the account's alert channel");
        assertEquals(hooks.url("/old"), channels.get(0).get("url").asText());
        assertEquals("****0LD1", channels.get(0).get("secret").asText());

        assertEquals(200, api.put("/v1/exports/alert-channels", admin, "{\"channels\":[{\"type\":\"email\",\"to\":\"ops@example.com\"}]}").statusCode());
        HttpResponse<byte[]> set = api.put("/v1/exports/settings", admin, "{\"alertWebhookUrl\":\"" + hooks.url("/new") + "\",\"alertWebhookSecret\":\""
                + ALERT_SECRET + "\"}");
        assertEquals(200, set.statusCode(), Requests.text(set));
        assertEquals("Europe/Berlin", ScheduledExportTest.json(set).get("timezone").asText());
        channels = ScheduledExportTest.json(api.get("/v1/exports/alert-channels", admin)).get("channels");
        assertEquals(2, channels.size(), channels.toString());
        assertEquals("email", channels.get(0).get("type").asText());
        assertEquals(hooks.url("/new"), channels.get(1).get("url").asText());
        assertEquals(200, api.put("/v1/exports/settings", admin, "{\"alertWebhookUrl\":\"\"}").statusCode());
        channels = ScheduledExportTest.json(api.get("/v1/exports/alert-channels", admin)).get("channels");
        assertEquals(1, channels.size(), "an empty alert webhook removes that channel, the others stay");
        assertTrue(ScheduledExportTest.json(api.get("/v1/exports/settings", admin)).get("alertWebhookUrl").isNull());
    }
}
