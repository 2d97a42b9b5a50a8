package ai.synaptiq.tools.bench;

import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.tools.ingest.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live traffic: each account's realistic stream (EventStreamGenerator, as the demo traffic
 * uses it) dated now, each record sent to Kafka when the wall clock reaches its occurredAt,
 * about {@code rate} events per second over all accounts together. It remembers when it had
 * sent how many, so the pipeline's lag can be told in seconds.
 *
 * <p>Visitors' stories last minutes, so a stream that starts now would ramp up for minutes: it
 * starts {@link #LEAD_IN} back instead (those events go out at once, a burst the job absorbs
 * before anything is measured), and the number of visitors is calibrated on one account so that
 * the 90 seconds after the lead-in, when the live phase runs, carry the requested rate.
 */
final class LiveStream implements AutoCloseable {
    static final Duration LEAD_IN = Duration.ofMinutes(1);
    private static final Duration SPAN = Duration.ofHours(1);
    private static final Duration CALIBRATION = Duration.ofSeconds(90);
    private static final Pattern OCCURRED_AT = Pattern.compile("\"occurredAt\":\"([^\"]+)\"");

    private final EventPublisher publisher;
    private final Iterator<String> lines;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile long sent;
    /** (wall ms, events sent by then) pairs, appended whenever the stream waits for the clock. */
    private long[] logMs = new long[1 << 16];
    private long[] logSent = new long[1 << 16];
    private int logSize;

    private LiveStream(EventPublisher publisher, Iterator<String> lines) {
        this.publisher = publisher;
        this.lines = lines;
        this.thread = new Thread(this::send, "live-stream");
        this.thread.setDaemon(true);
    }

    /** A stream over the accounts at about {@code rate} events per second in all; {@link #start()} sends it. */
    static LiveStream create(String kafka, String topic, List<String> accounts, double rate, long seed) {
        Instant from = Instant.now().minus(LEAD_IN);
        double perAccount = rate / accounts.size();
        long visitors = Math.max(1, Math.round(perAccount * SPAN.toSeconds() / EventStreamGenerator.expectedEventsPerVisitor()));
        double measured = eventsPerSecondAfterLeadIn(generator(accounts.get(0), seed, 0, from, visitors), from);
        long calibrated = Math.max(1, Math.round(visitors * perAccount / Math.max(measured, 0.001)));
        List<EventStreamGenerator> generators = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            generators.add(generator(accounts.get(i), seed, i, from, calibrated));
        }
        return new LiveStream(EventPublisher.toKafka(kafka, topic), EventStreamGenerator.interleave(generators));
    }

    private static EventStreamGenerator generator(String account, long seed, int index, Instant from, long visitors) {
        // Only clean events: no duplicates or out-of-order ones, so the records go out in time order and each is a row.
        return EventStreamGenerator.builder().seed(seed * 1000 + index).accountId(account).idPrefix("live" + seed)
                .start(from).end(from.plus(SPAN)).visitors(visitors).dailyPattern(false).build();
    }

    private static double eventsPerSecondAfterLeadIn(EventStreamGenerator generator, Instant from) {
        long windowStart = from.plus(LEAD_IN).toEpochMilli();
        long windowEnd = windowStart + CALIBRATION.toMillis();
        long n = 0;
        for (String line : generator) {
            long at = occurredMs(line);
            if (at >= windowEnd) {
                break;
            }
            if (at >= windowStart) {
                n++;
            }
        }
        return n / (double) CALIBRATION.toSeconds();
    }

    private static long occurredMs(String line) {
        Matcher m = OCCURRED_AT.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("a generated line without occurredAt: " + line);
        }
        return Instant.parse(m.group(1)).toEpochMilli();
    }

    void start() {
        thread.start();
    }

    private void send() {
        try {
            while (!stopping && lines.hasNext()) {
                String line = lines.next();
                long wait = occurredMs(line) - System.currentTimeMillis();
                if (wait > 0) {
                    log(System.currentTimeMillis(), sent);
                    Thread.sleep(wait);
                }
                publisher.publish(line);
                sent++;
            }
            publisher.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                failure.set(e);
            }
        }
    }

    private synchronized void log(long ms, long count) {
        if (logSize == logMs.length) {
            logMs = Arrays.copyOf(logMs, logSize * 2);
            logSent = Arrays.copyOf(logSent, logSize * 2);
        }
        logMs[logSize] = ms;
        logSent[logSize] = count;
        logSize++;
    }

    /** Events handed to the producer so far. */
    long sent() {
        throwIfFailed();
        return sent;
    }

    /**
     * About when the n-th event (from 1) was handed to the producer: the first moment the stream
     * waited with at least n sent; -1 when it has not waited since.
     */
    synchronized long sentAtMs(long n) {
        int lo = 0;
        int hi = logSize;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (logSent[mid] >= n) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo < logSize ? logMs[lo] : -1;
    }

    /** Events per second handed to the producer between two moments (wall ms). */
    synchronized double rateBetween(long fromMs, long untilMs) {
        long first = -1;
        long last = -1;
        long firstMs = 0;
        long lastMs = 0;
        for (int i = 0; i < logSize; i++) {
            if (logMs[i] >= fromMs && logMs[i] <= untilMs) {
                if (first < 0) {
                    first = logSent[i];
                    firstMs = logMs[i];
                }
                last = logSent[i];
                lastMs = logMs[i];
            }
        }
        return lastMs > firstMs ? (last - first) * 1000.0 / (lastMs - firstMs) : 0;
    }

    private void throwIfFailed() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the live stream failed: " + e.getMessage(), e);
        }
    }

    /** Stops sending and hands over what is queued. */
    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
