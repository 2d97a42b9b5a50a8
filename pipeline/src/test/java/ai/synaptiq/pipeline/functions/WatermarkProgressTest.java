package ai.synaptiq.pipeline.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.pipeline.sink.TabSeparatedFields;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The progress rows behind the API's dataCompleteUntil. */
class WatermarkProgressTest {

    @Test
    void shouldNeverRecordProgressAheadOfNow() throws Exception {
        OneInputStreamOperatorTestHarness<Event, Event> harness = ProcessFunctionTestHarnesses.forProcessFunction(new WatermarkProgress());
        // Events may be dated up to --max-future ahead, and the watermark follows them.
        harness.processWatermark(Instant.parse("2099-01-01T00:00:00Z").toEpochMilli());
        long before = System.currentTimeMillis();
        harness.processElement(TestEvents.event("e1", "visitor.session_started", "2026-03-01T10:00:00Z", "\"visitorId\":\"v1\""), 0);
        long after = System.currentTimeMillis();

        List<TableRow> rows = harness.getSideOutput(SideOutputs.ROWS).stream().map(StreamRecord::getValue).toList();
        assertEquals(1, rows.size());
        assertEquals(Tables.PIPELINE_PROGRESS, rows.get(0).table);
        long watermark = Long.parseLong(TabSeparatedFields.fields(rows.get(0).text()).get(1));
        assertTrue(watermark >= before && watermark <= after, "recorded " + Instant.ofEpochMilli(watermark) + ", not 2099");
        assertEquals(1, harness.extractOutputValues().size(), "the event passes on");
    }
}
