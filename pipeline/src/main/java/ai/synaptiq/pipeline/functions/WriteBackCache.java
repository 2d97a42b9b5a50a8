package ai.synaptiq.pipeline.functions;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * A write-back cache in front of a keyed {@link MapState}: the entries changed under each key of
 * the operator stay on the heap and are written to state only by {@link #flush}, which the owner
 * calls when it chooses (every write interval, before a checkpoint barrier, at the end of input).
 * Reads look at the held changes first, then at state. A hot entry thus costs no state read or
 * write per record; a checkpoint holds only what the last flush wrote. Values are never null.
 *
 * <p>Used from one operator's thread (processElement, its timers, its snapshot hooks); the
 * current key of {@code keys} says which key's entries a read or change is about.
 */
public final class WriteBackCache<K, V> {
    private final KeyContext keys;
    private final MapState<K, V> state;
    /** The changes not yet written, by the key of the operator they belong to. */
    private final Map<Object, Map<K, V>> changes = new HashMap<>();
    private int size;

    public WriteBackCache(KeyContext keys, MapState<K, V> state) {
        this.keys = keys;
        this.state = state;
    }

    /** The change held for the entry under the current key, or null when there is none; state is not read. */
    public V changed(K entry) {
        Map<K, V> held = changes.get(keys.getCurrentKey());
        return held == null ? null : held.get(entry);
    }

    /** The entry's value under the current key: the change held, else the value in state, else null. Reading holds nothing. */
    public V get(K entry) throws Exception {
        V v = changed(entry);
        return v != null ? v : state.get(entry);
    }

    /** Whether the entry has a value under the current key, held or in state. */
    public boolean contains(K entry) throws Exception {
        Map<K, V> held = changes.get(keys.getCurrentKey());
        return (held != null && held.containsKey(entry)) || state.contains(entry);
    }

    /** Holds the value as the entry's change under the current key, for the next flush to write. */
    public void put(K entry, V value) {
        if (heldUnderCurrentKey().put(entry, value) == null) {
            size++;
        }
    }

    /**
     * The entry's value, held as a change under the current key: the change already held, else
     * the value in state, else {@code create}'s. The caller may change it in place: the next
     * flush writes it as it is then.
     */
    public V update(K entry, Function<? super K, ? extends V> create) throws Exception {
        Map<K, V> held = heldUnderCurrentKey();
        V v = held.get(entry);
        if (v == null) {
            v = state.get(entry);
            if (v == null) {
                v = create.apply(entry);
            }
            held.put(entry, v);
            size++;
        }
        return v;
    }

    /** How many changes are held, over all keys. */
    public int size() {
        return size;
    }

    /** Writes every held change to state under its key and forgets it. */
    public void flush() throws Exception {
        flush((entry, value) -> { });
    }

    /**
     * Writes every held change to state under its key, hands each entry written to
     * {@code written} (with that key current), and forgets them. The current key is left at the
     * last key written.
     */
    public void flush(BiConsumer<? super K, ? super V> written) throws Exception {
        for (Map.Entry<Object, Map<K, V>> byKey : changes.entrySet()) {
            keys.setCurrentKey(byKey.getKey());
            for (Map.Entry<K, V> change : byKey.getValue().entrySet()) {
                state.put(change.getKey(), change.getValue());
                written.accept(change.getKey(), change.getValue());
            }
        }
        changes.clear();
        size = 0;
    }

    private Map<K, V> heldUnderCurrentKey() {
        return changes.computeIfAbsent(keys.getCurrentKey(), k -> new HashMap<>());
    }
}
