package ai.synaptiq.api.exports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a receiver of Synaptiq's webhooks does (docs/security.md, "Webhook signatures"), written
 * here from the Standard Webhooks rules rather than with Synaptiq's own code: the timestamp must be
 * within 5 minutes of the receiver's clock, and one of the {@code v1,<base64>} signatures must be
 * the HMAC-SHA256 of {@code id.timestamp.body} under the secret ({@code whsec_} + base64 of the key).
 */
final class WebhookVerifier {
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookVerifier() {
    }

    /** True when the request is authentic, unchanged and fresh at {@code now}. */
    static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body, Instant now) throws Exception {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6)) : secret.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String s : signatures.split(" ")) {
            if (s.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    static boolean verify(String secret, WebhookReceiver.Received r, Instant now) throws Exception {
        return verify(secret, r.header("webhook-id"), r.header("webhook-timestamp"), r.header("webhook-signature"), r.body(), now);
    }
}
