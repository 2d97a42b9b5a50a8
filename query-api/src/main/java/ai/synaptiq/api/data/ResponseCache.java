package ai.synaptiq.api.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Finished response bodies for polling dashboards, keyed by account and normalized query, each
 * valid for one data version (the read table's version and dataCompleteUntil): a newer version
 * is a miss. Concurrent misses of the same key and version share one computation, so a crowd of
 * dashboards asking the same new question costs ClickHouse one query. Least recently used
 * entries go first once the entry or byte budget is spent; with no entries allowed, every call
 * computes its own answer.
 */
public final class ResponseCache {
    public record Entry(String dataVersion, byte[] body, String etag) {
    }

    /** An entry and whether this call computed it (a miss) or found or shared it (a hit). */
    public record Lookup(Entry entry, boolean computed) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private final Map<String, CompletableFuture<Entry>> computing = new ConcurrentHashMap<>();
    private long bytes;

    public ResponseCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The entry for this key and data version: cached, being computed by another request, or computed now. */
    public Lookup get(String key, String dataVersion, Supplier<Entry> compute) {
        if (maxEntries == 0) {
            return new Lookup(compute.get(), true);
        }
        Entry cached = cached(key, dataVersion);
        if (cached != null) {
            return new Lookup(cached, false);
        }
        String flight = key + '\u0000' + dataVersion;
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> other = computing.putIfAbsent(flight, mine);
        if (other != null) {
            try {
                return new Lookup(other.join(), false);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Entry computed = compute.get();
            put(key, computed);
            mine.complete(computed);
            return new Lookup(computed, true);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(flight, mine);
        }
    }

    private synchronized Entry cached(String key, String dataVersion) {
        Entry e = entries.get(key);
        return e != null && e.dataVersion().equals(dataVersion) ? e : null;
    }

    private synchronized void put(String key, Entry entry) {
        if (entry.body().length > maxBytes) {
            return;
        }
        Entry old = entries.put(key, entry);
        bytes += entry.body().length - (old == null ? 0 : old.body().length);
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().body().length;
            eldest.remove();
        }
    }
}
