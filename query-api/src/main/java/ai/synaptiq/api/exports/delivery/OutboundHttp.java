package ai.synaptiq.api.exports.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * The HTTP client of the deliveries that speak HTTP themselves (webhooks, alerts, Dropbox): host
 * names resolve only through {@link DestinationPolicy#resolver()}, no redirect is followed, nothing
 * is retried, no proxy of the environment is used, and every request is aborted when it has not
 * ended within {@code deadline} (connecting, sending the body and the answer together).
 */
public final class OutboundHttp implements AutoCloseable {
    /** An answer: its status and at most the first bytes of its body that the caller asked for. */
    public record Answer(int status, byte[] body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final CloseableHttpClient http;
    private final Duration deadline;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "delivery-deadlines");
        t.setDaemon(true);
        return t;
    });

    public OutboundHttp(DestinationPolicy policy, Duration deadline) {
        this.deadline = deadline;
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

    /** Sends {@code request} and reads at most {@code maxBody} bytes of the answer's body (0: none). */
    public Answer send(HttpRequestBase request, int maxBody) throws DeliveryException {
        String url = request.getURI().toString();
        ScheduledFuture<?> stop = deadlines.schedule(request::abort, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse res = http.execute(request)) {
            byte[] body = new byte[0];
            if (maxBody > 0 && res.getEntity() != null) {
                try (InputStream in = res.getEntity().getContent()) {
                    body = in.readNBytes(maxBody);
                }
            }
            return new Answer(res.getStatusLine().getStatusCode(), body);
        } catch (DestinationPolicy.RefusedHost e) {
            throw new DeliveryException(DestinationPolicy.REFUSED, null);
        } catch (IOException e) {
            if (request.isAborted()) {
                throw new DeliveryException("no complete answer from " + url + " within " + deadline.toSeconds() + " s", null);
            }
            throw new DeliveryException("cannot " + request.getMethod() + " to " + url + ": " + e, e);
        } finally {
            stop.cancel(false);
        }
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
}
