package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static ai.synaptiq.pipeline.functions.TestEvents.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeadTrackerTest {
    private static final long GRAIN = 15 * 60_000L;
    private KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new LeadTracker(GRAIN, 250), LeadTracker::key, Types.STRING);
    }

    private long clock;

    private JsonNode lastLeadRow() throws Exception {
        clock += 1_000;
        harness.setProcessingTime(clock);
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain once written");
        String json = harness.getSideOutput(SideOutputs.ROWS).stream().map(StreamRecord::getValue).reduce((a, b) -> b).orElseThrow().json;
        return new ObjectMapper().readTree(json);
    }

    private static final String CREATED = "\"leadId\":\"l1\",\"source\":\"form\",\"data\":{\"score\":40,\"name\":\"Zoë\",\"customProperties\":{\"size\":\"10\",\"budget\":\"5k\"}}";

    @Test
    void shouldKeepTheLatestScoreAndStatusWhateverTheArrivalOrder() throws Exception {
        harness.processElement(event("e3", "lead.score_changed", "2026-03-01T12:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":55,\"to\":80}"), 0);
        harness.processElement(event("e4", "meeting.booked", "2026-03-01T13:00:00Z", "\"leadId\":\"l1\""), 0);
        harness.processElement(event("e2", "lead.score_changed", "2026-03-01T11:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":40,\"to\":55}"), 0);
        harness.processElement(event("e1", "lead.created", "2026-03-01T10:00:00Z", CREATED), 0);
        JsonNode row = lastLeadRow();
        assertEquals(80.0, row.get("score").asDouble());
        assertEquals("demo_booked", row.get("status").asText());
        assertEquals("form", row.get("source").asText());
        assertEquals(ms("2026-03-01T13:00:00Z"), row.get("last_activity_ms").asLong());
        assertEquals(4, row.get("version").asLong());
    }

    @Test
    void shouldMergeCustomPropertiesKeyByKey() throws Exception {
        harness.processElement(event("e1", "lead.created", "2026-03-01T10:00:00Z", CREATED), 0);
        harness.processElement(event("e2", "lead.updated", "2026-03-01T11:00:00Z",
                "\"leadId\":\"l1\",\"data\":{\"customProperties\":{\"budget\":\"50k\",\"region\":\"EU\"},\"status\":\"disqualified\"}"), 0);
        JsonNode row = lastLeadRow();
        assertEquals("{\"budget\":\"50k\",\"region\":\"EU\",\"size\":\"10\"}", row.get("custom_properties").asText());
        assertEquals("disqualified", row.get("status").asText());
        assertEquals("Zoë", row.get("name").asText());
    }

    @Test
    void shouldMoveTheCurrentScoreIntoTheBucketTheLeadWasCreatedIn() throws Exception {
        harness.processElement(event("e1", "lead.created", "2026-03-01T10:07:00Z", CREATED), 0);
        harness.processElement(event("e2", "lead.score_changed", "2026-03-02T10:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":40,\"to\":70}"), 0);
        harness.processElement(event("e3", "lead.score_changed", "2026-03-02T09:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":40,\"to\":50}"), 0);
        List<Contribution> moves = harness.getSideOutput(SideOutputs.SCORE_CHANGES).stream().map(StreamRecord::getValue).toList();
        long bucket = ms("2026-03-01T10:00:00Z");
        assertTrue(moves.stream().allMatch(c -> c.bucketStartMs == bucket));
        assertEquals(70.0, moves.stream().mapToDouble(c -> c.scoreSum).sum(), "net effect is the current score");
        assertEquals(3, moves.size(), "+40, -40, +70; the older change moves nothing");
    }

    @Test
    void shouldPassEventsWithoutALeadThrough() throws Exception {
        harness.processElement(event("e1", "visitor.session_started", "2026-03-01T10:00:00Z", "\"visitorId\":\"v1\""), 0);
        assertEquals(1, harness.extractOutputValues().size());
        assertEquals(0, harness.numKeyedStateEntries());
    }
}
