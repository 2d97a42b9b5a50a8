package ai.synaptiq.tools.bench;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The pipeline's lag while the live stream runs, sampled four times a second: how many events
 * the stream has sent that synaptiq.events does not hold yet, and how long ago the oldest of them
 * was sent. The table is what the API reads; the job's consumer group would say less, as the job
 * commits its Kafka offsets only on checkpoints (every 10 s by default). Each sample also notes
 * how far the job's watermark (the API's {@code dataCompleteUntil}, from pipeline_progress) is
 * behind the wall clock.
 */
final class PipelineLag implements AutoCloseable {
    private static final long SAMPLE_EVERY_MS = 250;

    /** One sample: events not yet written, the age of the oldest of them, the watermark's distance from now (-1: none yet). */
    record Sample(long atMs, long events, long lagMs, long watermarkBehindMs) {
    }

    private final ClickHouseClient clickHouse;
    private final LiveStream stream;
    private final LongSupplier otherEvents;
    private final long baseline;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile RuntimeException failure;

    /**
     * {@code otherEvents}: events published beside the stream since the baseline (the freshness
     * probes), which the table's count includes; {@code baseline}: the table's count before the stream.
     */
    PipelineLag(ClickHouseClient clickHouse, LiveStream stream, LongSupplier otherEvents, long baseline) {
        this.clickHouse = clickHouse;
        this.stream = stream;
        this.otherEvents = otherEvents;
        this.baseline = baseline;
        this.thread = new Thread(this::sample, "pipeline-lag");
        this.thread.setDaemon(true);
    }

    static long eventCount(ClickHouseClient clickHouse) {
        return Long.parseLong(clickHouse.query("SELECT count() FROM " + Tables.EVENTS + " FORMAT TabSeparated").trim());
    }

    void start() {
        thread.start();
    }

    private void sample() {
        try {
            while (!stopping) {
                long sent = stream.sent();
                long written = eventCount(clickHouse) - baseline - otherEvents.getAsLong();
                long now = System.currentTimeMillis();
                String wm = clickHouse.query("SELECT min(w) FROM (SELECT subtask, max(watermark_ms) AS w FROM " + Tables.PIPELINE_PROGRESS
                        + " GROUP BY subtask) FORMAT TabSeparated").trim();
                long watermarkBehind = wm.isEmpty() || wm.equals("0") ? -1 : now - Long.parseLong(wm);
                long behind = Math.max(0, sent - written);
                long sentAt = behind == 0 ? -1 : stream.sentAtMs(written + 1);
                synchronized (this) {
                    samples.add(new Sample(now, behind, sentAt < 0 ? 0 : now - sentAt, watermarkBehind));
                }
                Thread.sleep(SAMPLE_EVERY_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) {
                failure = e;
            }
        }
    }

    /** The samples taken between two moments (wall ms). */
    synchronized List<Sample> between(long fromMs, long untilMs) {
        throwIfFailed();
        return samples.stream().filter(s -> s.atMs() >= fromMs && s.atMs() <= untilMs).toList();
    }

    /** The newest sample, or null. */
    synchronized Sample latest() {
        throwIfFailed();
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new IllegalStateException("sampling the pipeline's lag failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join(5_000);
    }
}
