package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks that cannot be replayed (docs/security.md, "Webhook signatures"): a real delivery to a
 * real receiver, checked by a receiver's verifier written from the Standard Webhooks rules. It
 * takes the fresh request and refuses the same request 5 minutes later, a changed body, another
 * message id and another secret; a retry keeps its message id and is signed anew.
 */
class WebhookSignatureTest {
    static final String ACCOUNT = "signed_" + System.nanoTime();
    static final String SECRET = "whsec_c2lnbmluZy1zZWNyZXQtb2YtMzItYnl0ZXMtbG9uZyE=";
    static final List<String> ACCOUNTS = List.of(ACCOUNT);
    static MutableClock clock = new MutableClock("2026-09-01T08:00:00Z");
    static WebhookReceiver receiver;
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        api = new ExportApi(clock, ExportsConfig.defaults().withInstance("signing", Duration.ofMillis(1200))
                .withOutbound(true, ExportApi.SECRETS_KEY, Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        for (String account : ACCOUNTS) {
            api.exports.schedules().list(account).forEach(s -> api.exports.schedules().delete(account, s.id()));
        }
        api.close();
        receiver.close();
    }

    @Test
    void shouldSignIdTimestampAndBodySoAReceiverRefusesReplaysAndChanges() throws Exception {
        String caller = ACCOUNT + "/k/export";
        receiver.answer("/signed", 500);
        HttpResponse<byte[]> created = api.post("/v1/exports/schedules", caller, "{\"dataType\":\"leads\",\"format\":\"json\",\"frequency\":\"daily\","
                + "\"time\":\"09:00\",\"dateRangeMode\":\"all_time\",\"destinations\":[{\"type\":\"webhook\",\"url\":\"" + receiver.url("/signed")
                + "\",\"secret\":\"" + SECRET + "\"}]}");
        assertEquals(201, created.statusCode(), Requests.text(created));
        String id = ScheduledExportTest.json(created).get("id").asText();
        clock.set("2026-09-01T09:00:10Z");
        api.exports.scheduler().tick().join();
        clock.set("2026-09-01T09:05:10Z");
        api.exports.scheduler().tick().join();
        JsonNode run = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id + "/runs", caller)).get("data").get(0);
        assertEquals("delivered", run.get("status").asText(), run.toString());

        List<WebhookReceiver.Received> posts = receiver.on("/signed");
        assertEquals(2, posts.size(), "refused once, then retried");
        WebhookReceiver.Received first = posts.get(0);
        WebhookReceiver.Received retry = posts.get(1);
        assertEquals("msg_" + run.get("id").asText() + "_0", first.header("webhook-id"));
        assertEquals(first.header("webhook-id"), retry.header("webhook-id"), "a retry is the same message: the receiver can drop a duplicate");
        assertEquals(Long.toString(Instant.parse("2026-09-01T09:00:10Z").getEpochSecond()), first.header("webhook-timestamp"));
        assertEquals(Long.toString(Instant.parse("2026-09-01T09:05:10Z").getEpochSecond()), retry.header("webhook-timestamp"));
        assertTrue(retry.header("webhook-signature").matches("v1,[A-Za-z0-9+/]{43}="), retry.header("webhook-signature"));
        assertNotEquals(first.header("webhook-signature"), retry.header("webhook-signature"), "each attempt signs its own timestamp");

        Instant sent = Instant.parse("2026-09-01T09:05:10Z");
        String msgId = retry.header("webhook-id");
        String ts = retry.header("webhook-timestamp");
        String sig = retry.header("webhook-signature");
        byte[] body = retry.body();
        assertTrue(WebhookVerifier.verify(SECRET, msgId, ts, sig, body, sent.plusSeconds(2)), "fresh: accepted");
        assertTrue(WebhookVerifier.verify(SECRET, msgId, ts, sig, body, sent.plus(Duration.ofMinutes(5))), "5 minutes late: still accepted");
        assertFalse(WebhookVerifier.verify(SECRET, msgId, ts, sig, body, sent.plus(Duration.ofMinutes(5)).plusSeconds(1)),
                "replayed more than 5 minutes later: refused");
        assertFalse(WebhookVerifier.verify(SECRET, msgId, Long.toString(sent.getEpochSecond() + 3600), sig, body, sent.plusSeconds(3600)),
                "a replay with a new timestamp but the old signature: refused");
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[tampered.length / 2] ^= 1;
        assertFalse(WebhookVerifier.verify(SECRET, msgId, ts, sig, tampered, sent), "changed body: refused");
        assertFalse(WebhookVerifier.verify(SECRET, msgId + "x", ts, sig, body, sent), "another message id: refused");
        assertFalse(WebhookVerifier.verify(SECRET, first.header("webhook-id"), first.header("webhook-timestamp"), sig, body, sent),
                "the signature of one attempt does not fit another's timestamp");
        assertFalse(WebhookVerifier.verify("whsec_b3RoZXItc2VjcmV0LW9mLTMyLWJ5dGVzLWxvbmchIQ==", msgId, ts, sig, body, sent), "another secret: refused");
        assertFalse(new String(body, StandardCharsets.UTF_8).isEmpty());
        assertFalse(first.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("X-Synaptiq-Signature")),
                "the old body-only signature, which a replay passes, is gone");
    }
}
