package ai.synaptiq.api.exports.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HTTP POST whose body is signed: {@code X-Synaptiq-Signature: sha256=<hex HMAC-SHA256 of the
 * body with the destination's secret>}, so the receiver can check it came from Synaptiq unchanged.
 * The body is streamed twice (once to sign, once to send), never held whole.
 */
public final class SignedPost {
    public static final String SIGNATURE_HEADER = "X-Synaptiq-Signature";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

    public void send(String url, String secret, String contentType, long size, Supplier<InputStream> body, Map<String, String> headers)
            throws DeliveryException {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                    .header("Content-Type", contentType)
                    .header(SIGNATURE_HEADER, "sha256=" + hmac(secret, body))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(body), size));
            headers.forEach(req::header);
            HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            if (res.statusCode() / 100 != 2) {
                throw new DeliveryException("HTTP " + res.statusCode() + " from " + url, null);
            }
        } catch (IOException e) {
            throw new DeliveryException("cannot POST to " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + url, e);
        }
    }

    /** Hex HMAC-SHA256 of the whole stream. */
    public static String hmac(String secret, Supplier<InputStream> body) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            try (InputStream in = body.get()) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    mac.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
