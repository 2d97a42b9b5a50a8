package ai.synaptiq.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back cache in a keyed operator on RocksDB (the job's state backend, which hands out a
 * copy on every read), through Flink's operator test harness: what it holds, what it writes, when.
 */
class WriteBackCacheTest {
    /** A mutable value, changed in place as the account processor changes its state. */
    public static final class Tally {
        public long n;

        public Tally() {
        }
    }

    /**
     * Counts words per key: "a x" counts x under key a; "a !" writes the held counts to state,
     * emitting "a x=2" for each count written. The owner of the cache decides when to write.
     */
    static final class WordTallies extends AbstractStreamOperator<String> implements OneInputStreamOperator<String, String> {
        transient MapState<String, Tally> state;
        transient WriteBackCache<String, Tally> tallies;

        @Override
        public void open() throws Exception {
            super.open();
            state = getRuntimeContext().getMapState(new MapStateDescriptor<>("tallies", Types.STRING, TypeInformation.of(Tally.class)));
            tallies = new WriteBackCache<>(this, state);
        }

        @Override
        public void processElement(StreamRecord<String> element) throws Exception {
            String word = element.getValue().split(" ")[1];
            if (word.equals("!")) {
                tallies.flush((w, t) -> output.collect(new StreamRecord<>(getCurrentKey() + " " + w + "=" + t.n)));
            } else {
                tallies.update(word, w -> new Tally()).n++;
            }
        }

        /** The count in state (not the held one) of a word under a key; null when state has none. */
        Long stored(String key, String word) throws Exception {
            setCurrentKey(key);
            Tally t = state.get(word);
            return t == null ? null : t.n;
        }

        /** The count the cache answers for a word under a key (held, else stored). */
        Long read(String key, String word) throws Exception {
            setCurrentKey(key);
            Tally t = tallies.get(word);
            return t == null ? null : t.n;
        }
    }

    private WordTallies operator;
    private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;

    private void start(OperatorSubtaskState restored) throws Exception {
        operator = new WordTallies();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, (String s) -> s.split(" ")[0], Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String... elements) throws Exception {
        for (String e : elements) {
            harness.processElement(e, 0);
        }
    }

    private Set<String> written() {
        Set<String> out = new TreeSet<>(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    @Test
    void shouldHoldChangesOnTheHeapUntilFlushedThenWriteEachOnceUnderItsKey() throws Exception {
        start(null);
        send("a x", "a x", "a y", "b x");

        assertEquals(3, operator.tallies.size(), "one held change per key and entry, however often it changed");
        assertNull(operator.stored("a", "x"), "nothing reaches state before a flush");
        assertEquals(2L, operator.read("a", "x"), "reads see the held change");
        assertEquals(1L, operator.read("b", "x"), "keys are apart");
        assertEquals(Set.of(), written());

        send("a !");
        assertEquals(Set.of("a x=2", "a y=1", "b x=1"), written());
        assertEquals(0, operator.tallies.size());
        assertEquals(2L, operator.stored("a", "x"));
        assertEquals(1L, operator.stored("a", "y"));
        assertEquals(1L, operator.stored("b", "x"));
    }

    @Test
    void shouldStartFromStateOnceFlushedAndWriteOnlyWhatChangedSince() throws Exception {
        start(null);
        send("a x", "a y", "a !");
        written();

        send("a x");
        assertEquals(1, operator.tallies.size());
        assertEquals(1L, operator.stored("a", "x"), "the change is held, state keeps the written value");
        send("b !");
        assertEquals(Set.of("a x=2"), written(), "y was not changed again, so it is not written again");

        operator.setCurrentKey("a");
        assertTrue(operator.tallies.contains("y"), "an entry only in state");
        assertNull(operator.tallies.changed("y"), "is not held");
        assertEquals(1L, operator.tallies.get("y").n);
        assertEquals(0, operator.tallies.size(), "reading holds nothing");
        assertFalse(operator.tallies.contains("z"));
    }

    @Test
    void shouldHoldAPutValueAsTheEntrysOneChange() throws Exception {
        start(null);
        send("a x", "a !");
        written();

        operator.setCurrentKey("a");
        Tally seven = new Tally();
        seven.n = 7;
        operator.tallies.put("x", seven);
        operator.tallies.put("x", seven);
        assertEquals(1, operator.tallies.size());
        assertEquals(7L, operator.tallies.changed("x").n);
        assertTrue(operator.tallies.contains("x"));
        send("a !");
        assertEquals(Set.of("a x=7"), written());
        assertEquals(7L, operator.stored("a", "x"));
    }

    @Test
    void shouldLeaveInACheckpointOnlyWhatTheLastFlushWrote() throws Exception {
        start(null);
        send("a x", "a x", "b y", "a !");
        send("a x", "b y", "c z"); // held, not written: the owner did not flush before this checkpoint
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        start(snapshot);
        assertEquals(2L, operator.read("a", "x"));
        assertEquals(1L, operator.read("b", "y"));
        assertNull(operator.read("c", "z"));
        send("a x", "a !");
        assertEquals(List.of("a x=3"), harness.extractOutputValues());
    }
}
