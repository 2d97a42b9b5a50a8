package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The real job over a generated stream with duplicates, out-of-order, late, too-late and
 * malformed records, on a MiniCluster with RocksDB and a real ClickHouse: every table equals
 * what the reference model computes from the raw lines alone.
 */
class PipelineExactnessTest {

    @Test
    void shouldWriteExactlyWhatTheRawEventsDefineForEveryTable() throws Exception {
        LocalClickHouse ch = LocalClickHouse.shared();
        String run = Long.toString(System.nanoTime(), 36);
        List<String> lines = EventStreamGenerator.generateInterleaved(List.of(
                generator("exact_a_" + run, 11), generator("exact_b_" + run, 12)));
        ReferenceModel.Outcome expected = ReferenceModel.run(lines);
        assertTrue(expected.deadLetterReasons().containsValue("too_late") && !expected.droppedDuplicates().isEmpty(),
                "the generated set really has too-late records and duplicates");

        String topic = "exact." + run;
        AnalyticsJob.runToCompletion(lines, PipelineConfig.defaults().withClickHouse(ch.url()).with("topic", topic)
                .with("checkpoint-dir", "file:///tmp/synaptiq-test-cp-" + run));

        assertEquals("", TableExpectations.diff(ch.client(), expected, Set.of("exact_a_" + run, "exact_b_" + run), topic));
    }

    static EventStreamGenerator generator(String account, long seed) {
        return EventStreamGenerator.builder().seed(seed).accountId(account)
                .start(Instant.parse("2026-02-20T00:00:00Z")).end(Instant.parse("2026-03-10T00:00:00Z"))
                .visitors(300).duplicateRate(0.03).outOfOrderRate(0.05).lateCount(10).tooLateCount(4).malformedCount(6)
                .build();
    }
}
