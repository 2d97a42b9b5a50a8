package ai.synaptiq.pipeline.demo;

import ai.synaptiq.pipeline.tools.CommandLine;
import ai.synaptiq.pipeline.tools.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.common.KafkaException;

/**
 * Feeds the topic with demo traffic for one account until killed: first a back-fill of the last
 * days of history (a few thousand events, so every endpoint shows numbers at once), then live
 * events at about {@code --rate} per second dated now, with a few duplicate, out-of-order, late,
 * too-late and malformed records among them.
 *
 * <pre>java -cp synaptiq-pipeline.jar ai.synaptiq.pipeline.demo.DemoTraffic --kafka HOST:PORT
 *     [--topic synaptiq.events] [--account demo] [--rate 50] [--seed 1] [--backfill-days 30]</pre>
 *
 * Live traffic is generated an hour at a time (so lead life is compressed into that hour) and
 * sent when the wall clock reaches each event's time. Every run uses ids of its own, so running
 * it again adds traffic instead of being dropped as duplicates.
 */
public final class DemoTraffic {
    static final String USAGE = "usage: DemoTraffic --kafka HOST:PORT [--topic synaptiq.events] [--account demo] [--rate 50]"
            + " [--seed 1] [--backfill-days 30]";
    static final Duration LIVE_CHUNK = Duration.ofHours(1);
    private static final long BACKFILL_EVENTS = 4_000;
    private static final long PROGRESS_EVERY_MS = 60_000;

    /** Waits until the wall clock reaches an instant; tests pass one that does not wait. */
    interface Pacer {
        void awaitUntil(long epochMs) throws InterruptedException;

        Pacer WALL_CLOCK = epochMs -> {
            long wait = epochMs - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
        };
    }

    private final EventPublisher publisher;
    private final String accountId;
    private final double rate;
    private final long seed;
    private final String runTag;

    DemoTraffic(EventPublisher publisher, String accountId, double rate, long seed, Instant runStart) {
        this.publisher = publisher;
        this.accountId = accountId;
        this.rate = rate;
        this.seed = seed;
        this.runTag = "r" + Long.toString(runStart.getEpochSecond(), 36);
    }

    public static void main(String[] args) throws InterruptedException {
        String kafka;
        String topic;
        String account;
        double rate;
        long seed;
        double backfillDays;
        try {
            CommandLine cl = CommandLine.parse(args, Set.of("kafka", "topic", "account", "rate", "seed", "backfill-days"));
            if (cl.helpRequested()) {
                System.out.println(USAGE);
                return;
            }
            kafka = cl.required("kafka");
            topic = cl.get("topic", "synaptiq.events");
            account = cl.get("account", "demo");
            rate = cl.number("rate", 50);
            seed = (long) cl.number("seed", 1);
            backfillDays = cl.number("backfill-days", 30);
            if (rate <= 0 || backfillDays < 0) {
                throw new IllegalArgumentException("--rate must be positive and --backfill-days not negative");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("DemoTraffic: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(1);
            return;
        }
        System.out.printf("DemoTraffic: kafka=%s topic=%s account=%s rate=%s/s seed=%d backfill-days=%s%n",
                kafka, topic, account, rate, seed, backfillDays);
        EventPublisher publisher = EventPublisher.toKafka(kafka, topic);
        // kill (SIGTERM) or Ctrl-C: hand over what is queued before the JVM goes
        Runtime.getRuntime().addShutdownHook(new Thread(publisher::close, "demo-traffic-flush"));
        Instant now = Instant.now();
        DemoTraffic traffic = new DemoTraffic(publisher, account, rate, seed, now);
        try {
            if (backfillDays > 0) {
                Instant from = now.minusMillis((long) (backfillDays * 86_400_000L));
                long sent = traffic.backfill(from, now);
                System.out.printf("DemoTraffic: back-filled %d records from %s to %s%n", sent, from, now);
            }
            traffic.live(Instant.now(), Long.MAX_VALUE, Pacer.WALL_CLOCK);
        } catch (KafkaException e) {
            System.err.println("DemoTraffic: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Sends the history of [from, until) as fast as Kafka takes it; returns the records sent. */
    long backfill(Instant from, Instant until) {
        EventStreamGenerator history = EventStreamGenerator.builder().seed(seed).accountId(accountId).idPrefix(runTag + "b")
                .start(from).end(until).targetEventCount(BACKFILL_EVENTS)
                .duplicateRate(0.01).outOfOrderRate(0.02).lateCount(10).tooLateCount(3).malformedCount(5).build();
        long before = publisher.sent();
        for (String line : history) {
            publisher.publish(line);
        }
        publisher.flush();
        return publisher.sent() - before;
    }

    /** Sends {@code chunks} hours of live traffic starting at {@code from}, each record when its time comes. */
    void live(Instant from, long chunks, Pacer pacer) throws InterruptedException {
        long visitorsPerChunk = Math.max(1, Math.round(rate * LIVE_CHUNK.toSeconds() / EventStreamGenerator.expectedEventsPerVisitor()));
        long lastReport = System.currentTimeMillis();
        long reportedSent = publisher.sent();
        for (long chunk = 0; chunk < chunks; chunk++) {
            Instant start = from.plus(LIVE_CHUNK.multipliedBy(chunk));
            ArrivalStream lines = EventStreamGenerator.builder().seed(seed + 1 + chunk).accountId(accountId)
                    .idPrefix(runTag + "l" + chunk).start(start).end(start.plus(LIVE_CHUNK)).visitors(visitorsPerChunk)
                    .duplicateRate(0.005).outOfOrderRate(0.01).lateCount(3).tooLateCount(1).malformedCount(2).build().stream();
            while (lines.hasNext()) {
                pacer.awaitUntil(lines.peekArrivalMs());
                publisher.publish(lines.next());
                long now = System.currentTimeMillis();
                if (now - lastReport >= PROGRESS_EVERY_MS) {
                    long sent = publisher.sent();
                    System.out.printf("DemoTraffic: %d records sent, %.1f/s in the last minute%n", sent,
                            (sent - reportedSent) * 1000.0 / (now - lastReport));
                    lastReport = now;
                    reportedSent = sent;
                }
            }
        }
        publisher.flush();
    }
}
