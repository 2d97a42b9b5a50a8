package ai.synaptiq.api.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finished response bodies for polling dashboards, keyed by account and normalized query, each
 * valid for one data version (the read table's version and dataCompleteUntil): a newer version
 * is a miss. Least recently used entries go first once the entry or byte budget is spent.
 */
public final class ResponseCache {
    public record Entry(String dataVersion, byte[] body, String etag) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public ResponseCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The body cached for this key and data version, or null. */
    public synchronized Entry get(String key, String dataVersion) {
        Entry e = entries.get(key);
        return e != null && e.dataVersion().equals(dataVersion) ? e : null;
    }

    public synchronized void put(String key, Entry entry) {
        if (maxEntries == 0 || entry.body().length > maxBytes) {
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
