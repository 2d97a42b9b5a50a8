package ai.synaptiq.generator;

import static ai.synaptiq.generator.VisitorStory.DAY;
import static ai.synaptiq.generator.VisitorStory.HOUR;
import static ai.synaptiq.generator.VisitorStory.MINUTE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The lines of one account in arrival order. Clean traffic comes out in occurredAt order, merged
 * from the stories that are open; noise is laid over it as it passes:
 * <ul>
 *   <li>out-of-order: an event is held back and sent before the first clean event that is 1 min to
 *       2 h newer than it;</li>
 *   <li>late: an event is held back until an event 6 to 36 h newer (at most a third of the range)
 *       has gone out, and in any case before one 44 h newer would, so it stays within the 48 h
 *       allowed lateness;</li>
 *   <li>duplicate: an exact copy of a sent line follows it within 5 minutes of traffic, or 1 hour
 *       to 3 days later;</li>
 *   <li>too late: a new event dated 48 h plus 1 min to 1 day before the newest valid event sent,
 *       placed in the last twentieth of the range (or spread over it);</li>
 *   <li>malformed: a record that breaks the contract in one of five ways, spread over the range.</li>
 * </ul>
 * Only open stories, held lines and a few counters are in memory, never the whole stream.
 */
public final class ArrivalStream implements Iterator<String> {
    static final long ALLOWED_LATENESS_MS = 48 * HOUR;
    private static final long LATE_DEADLINE_MS = 44 * HOUR;
    /** A story whose next event is further away than this is dropped and written again when due. */
    private static final long DORMANT_GAP_MS = 30 * MINUTE;

    private static final String[] UNKNOWN_TYPES = {"lead.deleted", "visitor.left", "chat.message", "Lead.Created"};
    private static final String[] BAD_CHANNELS = {"fax", "email", "WEB_CHAT", "sms"};
    private static final String[] REQUIRED_FIELDS = {"eventId", "occurredAt", "type", "accountId"};

    private record Line(String text, long arrivalMs) {
    }

    /** A line kept back; {@code original} lines may still be duplicated once sent. */
    private record Held(String text, long occurredMs, long releaseMs, long seq, boolean original) {
        static final Comparator<Held> BY_RELEASE = Comparator.comparingLong(Held::releaseMs).thenComparingLong(Held::seq);
    }

    private static final class OpenStory {
        final long index;
        int cursor;
        long nextMs;
        /** Null while the story is dormant. */
        List<DraftEvent> events;

        OpenStory(long index, List<DraftEvent> events) {
            this.index = index;
            this.events = events;
            this.nextMs = events.get(0).occurredMs;
        }
    }

    private final EventStreamGenerator.Settings settings;
    private final VisitorStory.Settings storySettings;
    private final VisitorArrivals arrivals;
    private final SplittableRandom noise;
    private final String tag;

    private final PriorityQueue<OpenStory> open = new PriorityQueue<>(
            Comparator.comparingLong((OpenStory s) -> s.nextMs).thenComparingLong(s -> s.index));
    private long nextVisitor;
    private final PriorityQueue<Held> heldByClock = new PriorityQueue<>(Held.BY_RELEASE);
    private final List<Held> heldLate = new ArrayList<>();
    private final ArrayDeque<Line> outbox = new ArrayDeque<>();

    private final long[] lateTargets;
    private final long[] malformedTargets;
    private final long[] tooLateTargets;
    private int lateTaken;
    private int malformedSent;
    private int tooLateSent;

    private long eventCounter;
    private long heldSeq;
    /** occurredAt of the last clean event taken: the stream's event-time clock. */
    private long clock = Long.MIN_VALUE;
    private long newestValidMs = Long.MIN_VALUE;
    private long lastArrivalMs = Long.MIN_VALUE;
    private DraftEvent lastDraft;

    ArrivalStream(EventStreamGenerator.Settings settings) {
        this.settings = settings;
        long range = settings.endMs() - settings.startMs();
        this.storySettings = new VisitorStory.Settings(settings.seed(), settings.idPrefix(), settings.endMs(),
                VisitorStory.Settings.lifecycleScaleFor(range));
        this.arrivals = new VisitorArrivals(settings.seed(), settings.startMs(), settings.endMs(), settings.visitors(),
                settings.dailyPattern());
        this.noise = new SplittableRandom(VisitorStory.mix(settings.seed() ^ 0x6E6F697365L));
        this.tag = settings.idPrefix().isEmpty() ? "" : settings.idPrefix() + "_";
        this.lateTargets = spread(settings.lateCount(), settings.startMs(), settings.endMs() - maxLateDelay());
        this.malformedTargets = spread(settings.malformedCount(), settings.startMs(), settings.endMs());
        long tooLateFrom = settings.tooLateNearEnd() ? settings.endMs() - Math.max(1, range / 20) : settings.startMs();
        this.tooLateTargets = spread(settings.tooLateCount(), tooLateFrom, settings.endMs());
    }

    @Override
    public boolean hasNext() {
        fill();
        return !outbox.isEmpty();
    }

    @Override
    public String next() {
        fill();
        Line line = outbox.poll();
        if (line == null) {
            throw new NoSuchElementException();
        }
        return line.text();
    }

    /** Event time at which the next line arrives (non-decreasing); Long.MAX_VALUE once done. */
    public long peekArrivalMs() {
        fill();
        return outbox.isEmpty() ? Long.MAX_VALUE : outbox.peek().arrivalMs();
    }

    /** Lines held back plus stories open: what the stream keeps in memory. */
    int inMemory() {
        return heldByClock.size() + heldLate.size() + outbox.size() + open.size();
    }

    private void fill() {
        while (outbox.isEmpty()) {
            long nextClean = peekCleanMs();
            Held due = heldByClock.peek();
            if (due != null && due.releaseMs() <= nextClean) {
                heldByClock.poll();
                // once clean traffic is over, what is still held goes out at once, not days later
                long arrival = nextClean == Long.MAX_VALUE ? clock : due.releaseMs();
                send(due.text(), due.occurredMs(), due.original(), arrival, true);
                continue;
            }
            Held overdue = firstLate(nextClean);
            if (overdue != null) {
                heldLate.remove(overdue);
                send(overdue.text(), overdue.occurredMs(), true, clock, true);
                continue;
            }
            if (nextClean == Long.MAX_VALUE) {
                flushScheduled();
                return;
            }
            takeClean();
        }
    }

    private void takeClean() {
        DraftEvent d = nextDraft();
        clock = d.occurredMs;
        lastDraft = d;
        String text = d.toJson(nextEventId(), settings.accountId(), d.occurredMs).toString();
        if (lateTaken < lateTargets.length && d.occurredMs >= lateTargets[lateTaken]) {
            lateTaken++;
            heldLate.add(new Held(text, d.occurredMs, d.occurredMs + between(minLateDelay(), maxLateDelay()), heldSeq++, true));
        } else if (noise.nextDouble() < settings.outOfOrderRate()) {
            heldByClock.add(new Held(text, d.occurredMs, d.occurredMs + between(MINUTE, 2 * HOUR), heldSeq++, true));
        } else {
            send(text, d.occurredMs, true, clock, true);
        }
        for (Held late : List.copyOf(heldLate)) {
            if (late.releaseMs() <= newestValidMs) {
                heldLate.remove(late);
                send(late.text(), late.occurredMs(), true, clock, true);
            }
        }
        while (malformedSent < malformedTargets.length && clock >= malformedTargets[malformedSent]) {
            send(malformed(d), 0, false, clock, false);
        }
        while (tooLateSent < tooLateTargets.length && clock >= tooLateTargets[tooLateSent]) {
            send(tooLate(d), 0, false, clock, false);
        }
    }

    /** Clean traffic is over: what is still held goes out in release order, then what was scheduled. */
    private void flushScheduled() {
        if (!heldLate.isEmpty()) {
            Held first = heldLate.stream().min(Held.BY_RELEASE).orElseThrow();
            heldLate.remove(first);
            send(first.text(), first.occurredMs(), true, clock, true);
        } else if (malformedSent < malformedTargets.length) {
            send(malformed(lastDraft), 0, false, clock, false);
        } else if (tooLateSent < tooLateTargets.length) {
            send(tooLate(lastDraft), 0, false, clock, false);
        }
    }

    private Held firstLate(long nextClean) {
        for (Held late : heldLate) {
            if (nextClean != Long.MAX_VALUE && nextClean - late.occurredMs() > LATE_DEADLINE_MS) {
                return late;
            }
        }
        return null;
    }

    private void send(String text, long occurredMs, boolean original, long arrivalCandidate, boolean valid) {
        lastArrivalMs = Math.max(lastArrivalMs, arrivalCandidate);
        outbox.add(new Line(text, lastArrivalMs));
        if (!valid) {
            return;
        }
        newestValidMs = Math.max(newestValidMs, occurredMs);
        if (original && noise.nextDouble() < settings.duplicateRate()) {
            long delay = noise.nextDouble() < 0.75 ? between(0, 5 * MINUTE) : between(HOUR, 3 * DAY);
            heldByClock.add(new Held(text, occurredMs, Math.max(clock, occurredMs) + delay, heldSeq++, false));
        }
    }

    private String malformed(DraftEvent template) {
        ObjectNode e = template.toJson(nextEventId(), settings.accountId(), template.occurredMs);
        int kind = malformedSent++ % 5;
        switch (kind) {
            case 0 -> {
                String text = e.toString();
                return switch (noise.nextInt(3)) {
                    case 0 -> text.substring(0, text.length() / 2);
                    case 1 -> "<html><body><h1>502 Bad Gateway</h1></body></html>";
                    default -> String.join(",", e.get("eventId").asText(), template.type, settings.accountId(),
                            e.get("occurredAt").asText());
                };
            }
            case 1 -> e.remove(pick(REQUIRED_FIELDS));
            case 2 -> e.put("type", pick(UNKNOWN_TYPES));
            case 3 -> {
                if (noise.nextBoolean()) {
                    e.put("channel", pick(BAD_CHANNELS));
                } else {
                    e.put("source", "newsletter");
                }
            }
            default -> {
                String good = DraftEvent.instant(template.occurredMs, false);
                String[] bad = {
                    good.substring(0, good.length() - 1), "yesterday", good.replace('T', ' '),
                    Long.toString(template.occurredMs), "2026-02-30T10:00:00Z", "05/04/2026 11:42",
                };
                e.put("occurredAt", pick(bad));
            }
        }
        return e.toString();
    }

    private String tooLate(DraftEvent template) {
        tooLateSent++;
        long newest = newestValidMs == Long.MIN_VALUE ? template.occurredMs : newestValidMs;
        long at = newest - ALLOWED_LATENESS_MS - between(MINUTE, DAY);
        return template.toJson(nextEventId(), settings.accountId(), at).toString();
    }

    private long peekCleanMs() {
        while (nextVisitor < settings.visitors()) {
            long startMs = arrivals.sessionStartMs(nextVisitor);
            if (!open.isEmpty() && open.peek().nextMs <= startMs) {
                break;
            }
            List<DraftEvent> events = VisitorStory.write(storySettings, nextVisitor, startMs);
            if (!events.isEmpty()) {
                open.add(new OpenStory(nextVisitor, events));
            }
            nextVisitor++;
        }
        return open.isEmpty() ? Long.MAX_VALUE : open.peek().nextMs;
    }

    private DraftEvent nextDraft() {
        OpenStory story = open.poll();
        if (story.events == null) {
            story.events = VisitorStory.write(storySettings, story.index, arrivals.sessionStartMs(story.index));
        }
        DraftEvent d = story.events.get(story.cursor++);
        if (story.cursor < story.events.size()) {
            story.nextMs = story.events.get(story.cursor).occurredMs;
            if (story.nextMs - d.occurredMs > DORMANT_GAP_MS) {
                story.events = null;
            }
            open.add(story);
        }
        return d;
    }

    private String nextEventId() {
        return "evt_" + tag + ++eventCounter;
    }

    private long minLateDelay() {
        return Math.min(6 * HOUR, (settings.endMs() - settings.startMs()) / 8);
    }

    private long maxLateDelay() {
        return Math.max(minLateDelay() + 1, Math.min(36 * HOUR, (settings.endMs() - settings.startMs()) / 3));
    }

    /** n instants, one drawn in each of n equal parts of [from, until). */
    private long[] spread(int n, long from, long until) {
        long[] targets = new long[n];
        double width = (double) Math.max(1, until - from) / Math.max(1, n);
        for (int k = 0; k < n; k++) {
            targets[k] = from + (long) ((k + noise.nextDouble()) * width);
        }
        return targets;
    }

    private long between(long from, long until) {
        return noise.nextLong(from, until);
    }

    private <T> T pick(T[] values) {
        return values[noise.nextInt(values.length)];
    }
}
