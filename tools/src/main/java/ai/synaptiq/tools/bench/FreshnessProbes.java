package ai.synaptiq.tools.bench;

import ai.synaptiq.tools.ingest.EventPublisher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end freshness as a dashboard sees it: a {@code lead.created} event for a lead of its
 * own is published for one account, then that account's {@code /v1/analytics/activity} filtered
 * on the lead is polled until an answer lists it; the time from publishing to that answer is one
 * probe. (Filtered on the lead, because the newest page of a busy account's feed moves on within
 * a second.) One probe at a time, the accounts in turn, until stopped.
 */
final class FreshnessProbes implements AutoCloseable {
    private static final Duration POLL_EVERY = Duration.ofMillis(50);
    private static final Duration PAUSE = Duration.ofMillis(100);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final String ACTIVITY = "/v1/analytics/activity?type=lead.created&leadId=";

    private final EventPublisher publisher;
    private final URI api;
    private final List<String> accounts;
    private final List<String> keys;
    private final String tag;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Long> latenciesMs = new ArrayList<>();
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopping;
    private int unseen;
    private String failure;

    FreshnessProbes(String kafka, String topic, URI api, List<String> accounts, List<String> keys, String tag) {
        this.publisher = EventPublisher.toKafka(kafka, topic);
        this.api = api;
        this.accounts = accounts;
        this.keys = keys;
        this.tag = tag;
        this.thread = new Thread(this::probe, "freshness-probes");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Probe events published so far (they go into synaptiq.events beside the live stream). */
    long published() {
        return published.get();
    }

    private void probe() {
        try {
            for (int n = 0; !stopping; n++) {
                int account = n % accounts.size();
                String id = "probe_" + tag + "_" + n;
                long start = System.nanoTime();
                String lead = "l_" + id;
                publisher.publish("{\"eventId\":\"" + id + "\",\"type\":\"lead.created\",\"accountId\":\"" + accounts.get(account)
                        + "\",\"occurredAt\":\"" + Instant.now() + "\",\"visitorId\":\"v_" + id + "\",\"leadId\":\"" + lead
                        + "\",\"channel\":\"web_chat\",\"source\":\"chat\",\"data\":{\"score\":50}}");
                publisher.flush();
                published.incrementAndGet();
                Long ms = awaitInActivity(keys.get(account), lead, start);
                synchronized (this) {
                    if (ms == null) {
                        unseen++;
                    } else {
                        latenciesMs.add(ms);
                    }
                }
                Thread.sleep(PAUSE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failure = e.toString();
            }
        }
    }

    /** Milliseconds from {@code startNanos} until the lead's activity lists it; null after {@link #GIVE_UP}. */
    private Long awaitInActivity(String key, String lead, long startNanos) throws IOException, InterruptedException {
        String text = "\"" + lead + "\"";
        HttpRequest request = HttpRequest.newBuilder(api.resolve(ACTIVITY + lead)).header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(10)).GET().build();
        while (System.nanoTime() - startNanos < GIVE_UP.toNanos()) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains(text)) {
                return (System.nanoTime() - startNanos) / 1_000_000;
            }
            if (r.statusCode() != 200) {
                throw new IOException("GET " + ACTIVITY + lead + " answered " + r.statusCode() + ": " + r.body());
            }
            Thread.sleep(POLL_EVERY.toMillis());
        }
        return null;
    }

    /** Milliseconds of the probes seen so far, in the order they were taken. */
    synchronized List<Long> latenciesMs() {
        return new ArrayList<>(latenciesMs);
    }

    synchronized int unseen() {
        return unseen;
    }

    /** Why probing stopped early, or null. */
    synchronized String failure() {
        return failure;
    }

    /** Stops after the probe under way (which may wait up to 30 s for its answer). */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(GIVE_UP.toMillis() + 10_000);
        publisher.close();
    }
}
