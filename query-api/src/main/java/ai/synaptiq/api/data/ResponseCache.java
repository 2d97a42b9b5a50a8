package ai.synaptiq.api.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished answers for polling dashboards, keyed by account and normalized query, each labelled
 * with the data version it was computed for (the account's version and dataCompleteUntil).
 *
 * <ul>
 * <li>Same data version: the entry is served; a new dataCompleteUntil alone only re-renders it
 * (no query: the account's rows did not change).</li>
 * <li>Newer data version, entry younger than {@code freshness}: the entry is served at once, and
 * once it is {@code recompute} old a new answer is computed in the background; at most one
 * computation runs per key, so however many dashboards poll, a key costs ClickHouse at most one
 * query per recompute interval.</li>
 * <li>No entry: the request waits for a computation that began within the freshness window (its own,
 * or one it shares with the requests that came meanwhile).</li>
 * <li>An entry older than {@code freshness}: the first request computes a new answer and waits for it;
 * while it runs, the other requests are served the previous entry, so one request per key waits for
 * ClickHouse, not every dashboard.</li>
 * </ul>
 * An entry's age against {@code freshness} counts from the last moment it was known current: its
 * computation, or the last request that found the account's data version unchanged. An answer
 * computed an hour ago over data that changed a second ago is a second behind, not an hour: the first
 * poll after a quiet spell is served at once while its recomputation runs, instead of waiting for it.
 * Least recently used entries go first once the entry or byte budget is spent; with no entries
 * allowed, every call computes its own answer. A hit takes no lock: on two shared cores a thread
 * holding a lock can be descheduled for a whole time slice, and every other request would queue
 * behind it.
 */
public final class ResponseCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    /**
     * An answer: the data version and dataCompleteUntil it was computed for, when its computation
     * began ({@link System#nanoTime}), the answer without dataCompleteUntil ({@code content}) and as
     * served ({@code body}, with its ETag).
     */
    public record Entry(String dataVersion, String completeUntil, long startedNanos, byte[] content, byte[] body, String etag) {
        long size() {
            return content.length + body.length;
        }
    }

    /** An entry and whether this call waited for its computation (a miss) or was served at once (a hit). */
    public record Lookup(Entry entry, boolean computed) {
    }

    /** Turns an answer's content and a dataCompleteUntil into the body served and its ETag. */
    public interface Renderer {
        Entry render(String dataVersion, String completeUntil, long startedNanos, byte[] content);
    }

    /**
     * What the cache reports for the API's metrics: each computation, where it ran and how long it
     * took, and each answer served older than the freshness window because its recomputation had
     * not finished (ClickHouse or the background threads behind).
     */
    public interface Observer {
        void computed(boolean inBackground, long nanos, boolean failed);

        void servedPastFreshness();

        Observer NONE = new Observer() {
            @Override
            public void computed(boolean inBackground, long nanos, boolean failed) {
            }

            @Override
            public void servedPastFreshness() {
            }
        };
    }

    /** A computation registered for a key: when it was asked for, and its answer once it ran. */
    private record Flight(long askedNanos, CompletableFuture<Entry> result) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final long freshnessNanos;
    private final long recomputeNanos;
    /**
     * An entry, when it was last served ({@link System#nanoTime}, for the least-recently-used
     * eviction) and when it was last known current (served for its own data version).
     */
    private static final class Slot {
        final Entry entry;
        volatile long usedNanos;
        volatile long currentNanos;

        Slot(Entry entry, long usedNanos, long currentNanos) {
            this.entry = entry;
            this.usedNanos = usedNanos;
            this.currentNanos = currentNanos;
        }
    }

    private final Map<String, Slot> entries = new ConcurrentHashMap<>();
    private final Map<String, Flight> flights = new ConcurrentHashMap<>();
    /** When a key's last background computation began that did not become an entry (it failed). */
    private final Map<String, Long> failedNanos = new ConcurrentHashMap<>();
    private final ExecutorService background;
    private final Observer observer;
    private long bytes;

    /** {@code recompute} is capped at half of {@code freshness}, so a background answer is normally ready before requests must wait. */
    public ResponseCache(int maxEntries, long maxBytes, Duration freshness, Duration recompute, int backgroundThreads, Observer observer) {
        this.observer = observer;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.freshnessNanos = freshness.toNanos();
        this.recomputeNanos = Math.min(recompute.toNanos(), freshnessNanos / 2);
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newFixedThreadPool(Math.max(1, backgroundThreads), r -> {
            Thread t = new Thread(r, "answer-recompute-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The answer to this key for this data version: cached, refreshed in the background while the
     * previous one is served, or computed (shared with the requests asking meanwhile).
     *
     * @param content computes the answer without dataCompleteUntil; runs on this thread or a background one
     */
    public Lookup get(String key, String dataVersion, String completeUntil, Supplier<byte[]> content, Renderer renderer) {
        long now = System.nanoTime();
        if (maxEntries == 0) {
            return new Lookup(renderer.render(dataVersion, completeUntil, now, content.get()), true);
        }
        Slot slot = cached(key, now);
        Entry e = slot == null ? null : slot.entry;
        if (e != null && e.dataVersion().equals(dataVersion)) {
            slot.currentNanos = now;
            if (!Objects.equals(e.completeUntil(), completeUntil)) {
                e = store(key, renderer.render(dataVersion, completeUntil, e.startedNanos(), e.content()), now);
            }
            return new Lookup(e, false);
        }
        if (e != null && now - slot.currentNanos <= freshnessNanos) {
            long lastTry = Math.max(e.startedNanos(), failedNanos.getOrDefault(key, e.startedNanos()));
            if (now - lastTry >= recomputeNanos && !flights.containsKey(key)) {
                Flight mine = new Flight(now, new CompletableFuture<>());
                if (flights.putIfAbsent(key, mine) == null) {
                    background.execute(() -> fly(key, mine, dataVersion, completeUntil, content, renderer, true));
                }
            }
            return new Lookup(e, false);
        }
        Flight running = flights.get(key);
        if (e != null && running != null && freshnessNanos > 0) {
            // One request already computes the new answer: the others are served the previous one (its
            // Age says how old) instead of queueing behind a ClickHouse that the job keeps busy.
            observer.servedPastFreshness();
            return new Lookup(e, false);
        }
        while (running == null || now - running.askedNanos() > freshnessNanos) {
            // None runs, or one begun before the window (ClickHouse slow): a new one, which later requests join.
            Flight mine = new Flight(now, new CompletableFuture<>());
            if (running == null ? flights.putIfAbsent(key, mine) == null : flights.replace(key, running, mine)) {
                return new Lookup(fly(key, mine, dataVersion, completeUntil, content, renderer, false), true);
            }
            running = flights.get(key);
        }
        try {
            return new Lookup(running.result().join(), false);
        } catch (CompletionException ex) {
            throw ex.getCause() instanceof RuntimeException r ? r : ex;
        }
    }

    /**
     * Runs a registered computation to its end: stores and returns the entry, or fails its waiters
     * (and, in the foreground, its caller; in the background the failure is logged and the previous
     * entry keeps being served while it is within the window). The entry is as old as the moment
     * its query began, not as the moment it was asked for: a background computation that waited
     * for a thread reads the data of when it runs, and must not be stored already near the end of
     * its window (every request then would wait for a recomputation of its own).
     */
    private Entry fly(String key, Flight flight, String dataVersion, String completeUntil, Supplier<byte[]> content, Renderer renderer,
            boolean inBackground) {
        long began = System.nanoTime();
        try {
            Entry computed = store(key, renderer.render(dataVersion, completeUntil, began, content.get()), began);
            observer.computed(inBackground, System.nanoTime() - began, false);
            failedNanos.remove(key);
            flight.result().complete(computed);
            return computed;
        } catch (RuntimeException ex) {
            observer.computed(inBackground, System.nanoTime() - began, true);
            failedNanos.put(key, flight.askedNanos());
            flight.result().completeExceptionally(ex);
            if (inBackground) {
                LOG.warn("background answer failed ({}); the previous answer is served while it is younger than the freshness window",
                        ex.toString());
                return null;
            }
            throw ex;
        } finally {
            flights.remove(key, flight);
        }
    }

    private Slot cached(String key, long now) {
        Slot slot = entries.get(key);
        if (slot != null) {
            slot.usedNanos = now;
        }
        return slot;
    }

    /**
     * Keeps the entry, known current at {@code currentNanos}, unless the cache already holds one whose
     * computation began later; returns the entry given.
     */
    private Entry store(String key, Entry entry, long currentNanos) {
        synchronized (this) {
            Slot old = entries.get(key);
            if (old == null || old.entry.startedNanos() <= entry.startedNanos()) {
                put(key, new Slot(entry, System.nanoTime(), currentNanos));
            }
        }
        return entry;
    }

    /** Stores and evicts under the cache's lock; readers never take it. */
    private synchronized void put(String key, Slot stored) {
        Entry entry = stored.entry;
        if (entry.size() > maxBytes) {
            return;
        }
        Slot old = entries.put(key, stored);
        bytes += entry.size() - (old == null ? 0 : old.entry.size());
        if (entries.size() <= maxEntries && bytes <= maxBytes) {
            return;
        }
        // One scan makes room for a tenth of the cache, so a full cache does not scan on every store.
        long entryGoal = maxEntries - maxEntries / 10;
        long byteGoal = maxBytes - maxBytes / 10;
        // The last-use times are read once: hits keep moving them while this sorts.
        record Use(String key, Slot slot, long usedNanos) {
        }
        List<Use> byUse = new ArrayList<>(entries.size());
        entries.forEach((k, slot) -> byUse.add(new Use(k, slot, slot.usedNanos)));
        byUse.sort(Comparator.comparingLong(Use::usedNanos));
        for (Use eldest : byUse) {
            if (entries.size() <= entryGoal && bytes <= byteGoal) {
                break;
            }
            if (entries.remove(eldest.key(), eldest.slot())) {
                bytes -= eldest.slot().entry.size();
            }
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
