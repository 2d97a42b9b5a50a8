package ai.synaptiq.generator;

import ai.synaptiq.schemas.events.Vocabulary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Realistic, deterministic traffic of one account over a time range, as the JSON lines a
 * producer would send, in arrival order. The same settings always give the same lines.
 *
 * <pre>{@code
 * EventStreamGenerator gen = EventStreamGenerator.builder()
 *         .seed(42).accountId("acc_demo")
 *         .start(Instant.parse("2026-03-01T00:00:00Z")).end(Instant.parse("2026-04-01T00:00:00Z"))
 *         .visitors(2_000)                       // or .targetEventCount(10_000_000)
 *         .duplicateRate(0.01).outOfOrderRate(0.02)
 *         .lateCount(20).tooLateCount(5).malformedCount(10)
 *         .build();
 * List<String> lines = gen.generate();           // everything in memory
 * for (String line : gen) { ... }                // streamed: memory does not grow with the count
 * }</pre>
 *
 * Visitors start sessions (channel web_chat, whatsapp, api or slack); about half of them chat
 * (ai and visitor messages alternate, ai ones with responseTimeMs 300-4000, some handoffs to an
 * agent, an end with engagementScore); a third of the chats and some form/api/import sign-ups
 * create a lead, whose score, fields and status then move (score changes, updates, sometimes
 * disqualified, qualification, meeting, conversion, high-value intent). Lead ids, visitor ids
 * and conversation ids end with the visitor's number; eventIds are {@code evt_<n>} in the order
 * the events were generated. With an {@link Builder#idPrefix(String) idPrefix} p they read
 * {@code evt_p_<n>}, {@code v_p_<n>}...: give each generator of one account its own prefix.
 *
 * <p>Noise (see {@link ArrivalStream} for the exact placement): duplicates and out-of-order
 * events are drawn per event at the given rates; late, too-late and malformed records appear
 * exactly the given number of times (late needs a range well over 8 hours to be really late).
 */
public final class EventStreamGenerator implements Iterable<String> {
    /** The settings a stream is a pure function of. */
    record Settings(long seed, String accountId, String idPrefix, long startMs, long endMs, long visitors,
                    double duplicateRate, double outOfOrderRate, int lateCount, int tooLateCount, int malformedCount,
                    boolean dailyPattern, boolean tooLateNearEnd) {
    }

    private static volatile Double eventsPerVisitor;

    private final Settings settings;

    private EventStreamGenerator(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new pass over the stream, generated as it is read. */
    @Override
    public Iterator<String> iterator() {
        return stream();
    }

    /** The iterator with its arrival clock, for pacing. */
    public ArrivalStream stream() {
        return new ArrivalStream(settings);
    }

    /** The whole stream in arrival order; the same lines {@link #iterator()} gives. */
    public List<String> generate() {
        List<String> lines = new ArrayList<>();
        iterator().forEachRemaining(lines::add);
        return lines;
    }

    public String accountId() {
        return settings.accountId();
    }

    /** Number of visitors, given or derived from the target event count. */
    public long visitors() {
        return settings.visitors();
    }

    /**
     * The streams of several generators (typically one per account) merged into one arrival order:
     * a line goes out when the event-time clock of its own stream reaches it, so every stream keeps
     * its own order and the accounts' traffic is interleaved the way it happened.
     */
    public static Iterator<String> interleave(List<EventStreamGenerator> generators) {
        List<ArrivalStream> streams = generators.stream().map(EventStreamGenerator::stream).toList();
        return new Iterator<>() {
            private final PriorityQueue<Integer> ready = new PriorityQueue<>(
                    Comparator.comparingLong((Integer i) -> streams.get(i).peekArrivalMs()).thenComparingInt(i -> i));

            {
                for (int i = 0; i < streams.size(); i++) {
                    if (streams.get(i).hasNext()) {
                        ready.add(i);
                    }
                }
            }

            @Override
            public boolean hasNext() {
                return !ready.isEmpty();
            }

            @Override
            public String next() {
                Integer i = ready.poll();
                if (i == null) {
                    throw new NoSuchElementException();
                }
                String line = streams.get(i).next();
                if (streams.get(i).hasNext()) {
                    ready.add(i);
                }
                return line;
            }
        };
    }

    /** {@link #interleave(List)} collected into a list. */
    public static List<String> generateInterleaved(List<EventStreamGenerator> generators) {
        List<String> lines = new ArrayList<>();
        interleave(generators).forEachRemaining(lines::add);
        return lines;
    }

    /**
     * Average number of clean events one visitor produces (measured once on a fixed sample);
     * {@code rate * seconds / expectedEventsPerVisitor()} visitors give about {@code rate} events/s.
     */
    public static double expectedEventsPerVisitor() {
        Double cached = eventsPerVisitor;
        if (cached == null) {
            int sample = 5_000;
            VisitorStory.Settings s = new VisitorStory.Settings(1, "", Long.MAX_VALUE, 1.0);
            long events = 0;
            for (int i = 0; i < sample; i++) {
                events += VisitorStory.write(s, i, 0).size();
            }
            cached = (double) events / sample;
            eventsPerVisitor = cached;
        }
        return cached;
    }

    public static final class Builder {
        private long seed = 1;
        private String accountId = "acc_demo";
        private String idPrefix = "";
        private Instant start;
        private Instant end;
        private long visitors = 100;
        private long targetEventCount = -1;
        private double duplicateRate;
        private double outOfOrderRate;
        private int lateCount;
        private int tooLateCount;
        private int malformedCount;
        private boolean dailyPattern = true;
        private boolean tooLateNearEnd = true;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Default {@code acc_demo}. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Makes every id of this generator unique against other generators of the same account. */
        public Builder idPrefix(String idPrefix) {
            this.idPrefix = idPrefix;
            return this;
        }

        /** First possible occurredAt (inclusive); required. */
        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        /** Events at or after this instant are not generated; required. */
        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        /** Number of visitors whose sessions start in the range (default 100). */
        public Builder visitors(long visitors) {
            this.visitors = visitors;
            this.targetEventCount = -1;
            return this;
        }

        /** Instead of visitors: about this many clean events (noise comes on top). */
        public Builder targetEventCount(long targetEventCount) {
            this.targetEventCount = targetEventCount;
            return this;
        }

        /** Share of sent events that are sent again, as an exact copy, later in the stream. */
        public Builder duplicateRate(double duplicateRate) {
            this.duplicateRate = duplicateRate;
            return this;
        }

        /** Share of events sent minutes to two hours after newer ones. */
        public Builder outOfOrderRate(double outOfOrderRate) {
            this.outOfOrderRate = outOfOrderRate;
            return this;
        }

        /** Events sent hours after newer ones, still within the 48 h allowed lateness. */
        public Builder lateCount(int lateCount) {
            this.lateCount = lateCount;
            return this;
        }

        /** Events dated more than 48 h before the newest already sent, near the end of the stream. */
        public Builder tooLateCount(int tooLateCount) {
            this.tooLateCount = tooLateCount;
            return this;
        }

        /** Records that break the contract: not JSON, missing field, unknown type, bad enum, bad date. */
        public Builder malformedCount(int malformedCount) {
            this.malformedCount = malformedCount;
            return this;
        }

        /** false: the same traffic at every hour instead of busy afternoons and quiet nights and weekends. */
        public Builder dailyPattern(boolean dailyPattern) {
            this.dailyPattern = dailyPattern;
            return this;
        }

        /** false: too-late records spread over the whole stream instead of near its end (for endless live traffic). */
        public Builder tooLateNearEnd(boolean tooLateNearEnd) {
            this.tooLateNearEnd = tooLateNearEnd;
            return this;
        }

        public EventStreamGenerator build() {
            Objects.requireNonNull(start, "start is required");
            Objects.requireNonNull(end, "end is required");
            requireThat(end.isAfter(start), "end must be after start");
            requireThat(Vocabulary.ID.matcher(accountId).matches(), "accountId must be 1-64 characters of [A-Za-z0-9_-]");
            requireThat(idPrefix.matches("[A-Za-z0-9_-]{0,24}"), "idPrefix must be 0-24 characters of [A-Za-z0-9_-]");
            requireThat(rate(duplicateRate) && rate(outOfOrderRate), "rates must be between 0 and 1");
            requireThat(lateCount >= 0 && tooLateCount >= 0 && malformedCount >= 0, "counts must not be negative");
            long n = visitors;
            if (targetEventCount >= 0) {
                n = Math.round(targetEventCount / expectedEventsPerVisitor());
            }
            requireThat(n >= 1, "there must be at least one visitor");
            requireThat(Duration.between(start, end).toMillis() >= 1000, "the range must be at least one second");
            return new EventStreamGenerator(new Settings(seed, accountId, idPrefix, start.toEpochMilli(), end.toEpochMilli(), n,
                    duplicateRate, outOfOrderRate, lateCount, tooLateCount, malformedCount, dailyPattern, tooLateNearEnd));
        }

        private static boolean rate(double r) {
            return r >= 0 && r <= 1;
        }

        private static void requireThat(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
