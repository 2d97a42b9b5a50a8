package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static ai.synaptiq.pipeline.functions.TestEvents.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The overview part of {@link AccountProcessor}: bucket sums written once per interval. */
class AccountProcessorRollupTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> harness;
    private int n;

    @BeforeEach
    void open() throws Exception {
        harness = TestEvents.harness();
    }

    private Event started(String at) {
        n++;
        return event("c" + n, "conversation.started", at, "\"visitorId\":\"v" + n + "\",\"conversationId\":\"c" + n + "\"");
    }

    private List<String> rollups() {
        return rows(harness, Tables.OVERVIEW_ROLLUP);
    }

    @Test
    void shouldWriteTheSummedBucketOncePerIntervalWithVersionEqualToInputsApplied() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(started("2026-03-01T00:15:00Z"), 0);
        harness.processElement(started("2026-03-01T00:29:59Z"), 0);
        harness.processElement(event("l1", "lead.created", "2026-03-01T00:20:00Z", "\"leadId\":\"l1\",\"data\":{\"score\":42}"), 0);
        assertTrue(rollups().isEmpty(), "nothing before the interval");
        harness.setProcessingTime(250);
        List<String> rows = rollups();
        assertEquals(1, rows.size());
        assertTrue(rows.get(0).contains("\"conversations\":2") && rows.get(0).contains("\"leads\":1")
                && rows.get(0).contains("\"score_sum\":42.0") && rows.get(0).contains("\"version\":4"), rows.get(0));
        assertTrue(rows.get(0).contains("\"bucket_start\":\"2026-03-01 00:15:00\""), rows.get(0));
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain once written");
    }

    @Test
    void shouldWriteWhatIsPendingWhenABoundedInputEnds() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(started("2026-03-01T00:00:00Z"), 0);
        harness.endInput();
        assertEquals(1, rollups().size());
        assertEquals(1, rows(harness, Tables.CONVERSATIONS).size());
    }

    @Test
    void shouldWriteWhatIsPendingAtTheLastWatermark() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(started("2026-03-01T00:00:00Z"), 0);
        harness.processWatermark(Long.MAX_VALUE);
        assertEquals(1, rollups().size());
    }

    @Test
    void shouldWritePendingChangesBeforeACheckpointBarrier() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(started("2026-03-01T00:00:00Z"), 0);
        harness.prepareSnapshotPreBarrier(1);
        assertEquals(1, rollups().size());
        assertEquals(1, rows(harness, Tables.CONVERSATIONS).size());
    }

    @Test
    void shouldKeepLaterContributionsOfAWrittenBucket() throws Exception {
        harness.setProcessingTime(0);
        harness.processElement(started("2026-03-01T00:00:00Z"), 0);
        harness.setProcessingTime(300);
        harness.processElement(started("2026-03-01T00:01:00Z"), 0);
        harness.setProcessingTime(600);
        List<String> rows = rollups();
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).contains("\"conversations\":2") && rows.get(1).contains("\"version\":2"), rows.get(1));
    }
}
