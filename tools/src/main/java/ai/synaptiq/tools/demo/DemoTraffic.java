package ai.synaptiq.tools.demo;

import ai.synaptiq.generator.ArrivalStream;
import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.schemas.cli.Cli;
import ai.synaptiq.schemas.cli.KafkaOptions;
import ai.synaptiq.tools.ingest.EventPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Feeds the topic with demo traffic for one account until killed: first a back-fill of the last
 * days of history (a few thousand events, so every endpoint shows numbers at once), then live
 * events at about {@code --rate} per second dated now, with a few duplicate, out-of-order, late,
 * too-late and malformed records among them.
 *
 * <pre>java -cp 'synaptiq-tools.jar:flink-lib/*' ai.synaptiq.tools.demo.DemoTraffic [--kafka HOST:PORT]
 *     [--topic synaptiq.events] [--account demo] [--rate 50] [--seed 1] [--backfill-days 30]</pre>
 *
 * Live traffic is generated a week at a time, at the same level every hour, and each record is
 * sent when the wall clock reaches its time. It starts 15 minutes back (those minutes go out at
 * once, still well within the allowed lateness) so that conversations are already under way and
 * the rate is reached at once; leads live on for hours and days as they would. Per hour of
 * traffic there are about two late (6-36 h), one too-late and two malformed records. Every run
 * uses ids of its own, so running it again adds traffic instead of being dropped as duplicates.
 */
public final class DemoTraffic {
    static final Duration LIVE_SPAN = Duration.ofDays(7);
    private static final long BACKFILL_EVENTS = 4_000;
    private static final long PROGRESS_EVERY_MS = 60_000;
    private static final Duration WARM_UP = Duration.ofMinutes(15);

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

    public static void main(String[] args) {
        System.exit(Cli.execute(new DemoFlags(), args, System.getenv(), System.out, System.err));
    }

    /** The command line; {@link #call} feeds the topic until the process is stopped. */
    @Command(name = "DemoTraffic", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 1,
            description = "Feeds the topic with demo traffic for one account until killed: a back-fill of history, then live events.")
    static final class DemoFlags implements Callable<Integer> {
        @Mixin KafkaOptions kafka;
        @Option(names = "--account", defaultValue = "demo", description = "account of the traffic") String account;
        @Option(names = "--rate", defaultValue = "50", description = "live events per second") double rate;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the generator") long seed;
        @Option(names = "--backfill-days", defaultValue = "30", description = "days of history sent first (0: none)") double backfillDays;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (rate <= 0 || backfillDays < 0) {
                throw new ParameterException(spec.commandLine(), "--rate must be positive and --backfill-days not negative");
            }
            System.out.printf("DemoTraffic: kafka=%s topic=%s account=%s rate=%s/s seed=%d backfill-days=%s%n",
                    kafka.bootstrap, kafka.topic, account, rate, seed, backfillDays);
            return feed(EventPublisher.toKafka(kafka.bootstrap, kafka.topic), account, rate, seed, backfillDays);
        }
    }

    private static int feed(EventPublisher publisher, String account, double rate, long seed, double backfillDays) throws InterruptedException {
        AtomicBoolean stopping = new AtomicBoolean();
        // kill (SIGTERM) or Ctrl-C: hand over what is queued before the JVM goes
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            publisher.close();
        }, "demo-traffic-flush"));
        Instant now = Instant.now();
        Instant liveFrom = now.minus(WARM_UP);
        DemoTraffic traffic = new DemoTraffic(publisher, account, rate, seed, now);
        try {
            if (backfillDays > 0) {
                Instant from = liveFrom.minusMillis((long) (backfillDays * 86_400_000L));
                long sent = traffic.backfill(from, liveFrom);
                System.out.printf("DemoTraffic: back-filled %d records from %s to %s%n", sent, from, liveFrom);
            }
            for (long span = 0; ; span++) {
                traffic.live(liveFrom, LIVE_SPAN, span, Pacer.WALL_CLOCK);
                liveFrom = liveFrom.plus(LIVE_SPAN);
            }
        } catch (KafkaException e) {
            System.err.println("DemoTraffic: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            if (!stopping.get()) {
                throw e;
            }
            // the producer was closed by the shutdown hook: this is the normal way to stop
            return 0;
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

    /**
     * Sends the live traffic of [from, from + length), each record when its time comes;
     * {@code span} numbers the successive calls of a run, so each gets ids and a seed of its own.
     */
    void live(Instant from, Duration length, long span, Pacer pacer) throws InterruptedException {
        long visitors = Math.max(1, Math.round(rate * length.toSeconds() / EventStreamGenerator.expectedEventsPerVisitor()));
        int hours = (int) Math.max(1, length.toHours());
        ArrivalStream lines = EventStreamGenerator.builder().seed(seed + 1 + span).accountId(accountId)
                .idPrefix(runTag + "l" + span).start(from).end(from.plus(length)).visitors(visitors).dailyPattern(false)
                .duplicateRate(0.005).outOfOrderRate(0.01).lateCount(2 * hours).tooLateCount(hours).tooLateNearEnd(false)
                .malformedCount(2 * hours).build().stream();
        long lastReport = System.currentTimeMillis();
        long reportedSent = publisher.sent();
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
        publisher.flush();
    }
}
