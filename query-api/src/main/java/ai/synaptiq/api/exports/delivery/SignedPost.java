package ai.synaptiq.api.exports.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.AbstractHttpEntity;

/**
 * An HTTP POST signed the Standard Webhooks way (docs/security.md, "Webhook signatures"):
 * {@code webhook-id} (the same on every retry of one message), {@code webhook-timestamp} (Unix
 * seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, so a
 * receiver can check the sender, the body, and that the request is fresh rather than replayed.
 * A secret {@code whsec_<base64>} signs with the bytes the base64 holds (what Standard Webhooks
 * libraries expect); any other secret with its UTF-8 bytes.
 *
 * <p>Every request goes through {@link OutboundHttp} (the policy's resolver, no redirect, the
 * delivery deadline). The answer's body is never read: the status line decides.
 * The body is streamed twice (once to sign, once to send), never held whole.
 */
public final class SignedPost {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private final OutboundHttp http;
    private final Clock clock;

    public SignedPost(OutboundHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** POSTs the body to {@code url} as message {@code id}; any 2xx answer is a delivery. */
    public void send(String url, String secret, String id, String contentType, long size, Supplier<InputStream> body,
            Map<String, String> headers) throws DeliveryException {
        long timestamp = clock.instant().getEpochSecond();
        HttpPost post;
        try {
            post = new HttpPost(URI.create(url));
            post.setHeader(ID_HEADER, id);
            post.setHeader(TIMESTAMP_HEADER, Long.toString(timestamp));
            post.setHeader(SIGNATURE_HEADER, "v1," + signature(secret, id, timestamp, body));
        } catch (IOException | IllegalArgumentException e) {
            throw new DeliveryException("cannot POST to " + url + ": " + e, e);
        }
        headers.forEach(post::setHeader);
        post.setEntity(new StreamedBody(contentType, size, body));
        int status = http.send(post, 0).status();
        if (status / 100 != 2) {
            throw new DeliveryException("HTTP " + status + " from " + url, null);
        }
    }

    /** The base64 HMAC-SHA256 of {@code id.timestamp.body} with the secret's key. */
    public static String signature(String secret, String id, long timestamp, Supplier<InputStream> body) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            try (InputStream in = body.get()) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    mac.update(buf, 0, n);
                }
            }
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The HMAC key of a secret: what follows {@code whsec_} base64-decoded, else the secret's UTF-8 bytes. */
    static byte[] keyBytes(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException notBase64) {
                // an older free-form secret that happens to start like one
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The file, opened only when the request is written (a refused destination never opens it). */
    private static final class StreamedBody extends AbstractHttpEntity {
        private final long size;
        private final Supplier<InputStream> body;

        StreamedBody(String contentType, long size, Supplier<InputStream> body) {
            this.size = size;
            this.body = body;
            setContentType(contentType);
        }

        public boolean isRepeatable() {
            return true;
        }

        public long getContentLength() {
            return size;
        }

        public InputStream getContent() {
            return body.get();
        }

        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = body.get()) {
                in.transferTo(out);
            }
        }

        public boolean isStreaming() {
            return false;
        }
    }
}
