package ai.synaptiq.api.exports.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * An HTTP POST signed the Standard Webhooks way (docs/security.md, "Webhook signatures"):
 * {@code webhook-id} (the same on every retry of one message), {@code webhook-timestamp} (Unix
 * seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, so a
 * receiver can check the sender, the body, and that the request is fresh rather than replayed.
 * A secret {@code whsec_<base64>} signs with the bytes the base64 holds (what Standard Webhooks
 * libraries expect); any other secret with its UTF-8 bytes.
 *
 * <p>Every request goes through {@link DestinationPolicy#resolver()}, follows no redirect, and is
 * aborted when it has not ended within {@code deadline} (connect, sending the body and the answer
 * together). The answer's body is never read: the status line decides.
 * The body is streamed twice (once to sign, once to send), never held whole.
 */
public final class SignedPost implements AutoCloseable {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private final CloseableHttpClient http;
    private final Duration deadline;
    private final Clock clock;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-deadlines");
        t.setDaemon(true);
        return t;
    });

    public SignedPost(DestinationPolicy policy, Duration deadline, Clock clock) {
        this.deadline = deadline;
        this.clock = clock;
        int ms = (int) Math.min(Integer.MAX_VALUE, deadline.toMillis());
        this.http = HttpClients.custom()
                .setDnsResolver(policy.resolver())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(8)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(ms).setSocketTimeout(ms).setConnectionRequestTimeout(ms)
                        .setRedirectsEnabled(false).build())
                .build();
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
        ScheduledFuture<?> stop = deadlines.schedule(post::abort, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse res = http.execute(post)) {
            int status = res.getStatusLine().getStatusCode();
            if (status / 100 != 2) {
                throw new DeliveryException("HTTP " + status + " from " + url, null);
            }
        } catch (DestinationPolicy.RefusedHost e) {
            throw new DeliveryException(DestinationPolicy.REFUSED, null);
        } catch (IOException e) {
            if (post.isAborted()) {
                throw new DeliveryException("no complete answer from " + url + " within " + deadline.toSeconds() + " s", null);
            }
            throw new DeliveryException("cannot POST to " + url + ": " + e, e);
        } finally {
            stop.cancel(false);
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

    @Override
    public void close() {
        deadlines.shutdownNow();
        try {
            http.close();
        } catch (IOException e) {
            // nothing left to release
        }
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
