package ai.synaptiq.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.TableRow;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OverviewRollupTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Contribution, TableRow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OverviewRollup(250), Contribution::key, Types.STRING);
    }

    private static Contribution conversation(long bucket) {
        Contribution c = new Contribution("acc", bucket);
        c.conversations = 1;
        return c;
    }

    @Test
    void shouldWriteTheSummedBucketOncePerIntervalWithVersionEqualToInputsApplied() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(conversation(900_000), 0);
        harness.processElement(conversation(900_000), 0);
        Contribution score = new Contribution("acc", 900_000);
        score.scoreSum = 42;
        harness.processElement(score, 0);
        assertTrue(harness.extractOutputValues().isEmpty(), "nothing before the interval");
        harness.setProcessingTime(250);
        List<TableRow> rows = harness.extractOutputValues();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).json.contains("\"conversations\":2") && rows.get(0).json.contains("\"score_sum\":42.0")
                && rows.get(0).json.contains("\"version\":3"), rows.get(0).json);
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain once written");
    }

    @Test
    void shouldWriteWhatIsPendingWhenABoundedInputEnds() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(conversation(0), 0);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, harness.extractOutputValues().size());
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain at end of input");
    }

    @Test
    void shouldKeepLaterContributionsOfAWrittenBucket() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(conversation(0), 0);
        harness.setProcessingTime(300);
        harness.processElement(conversation(0), 0);
        harness.setProcessingTime(600);
        List<TableRow> rows = harness.extractOutputValues();
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).json.contains("\"conversations\":2") && rows.get(1).json.contains("\"version\":2"));
    }
}
