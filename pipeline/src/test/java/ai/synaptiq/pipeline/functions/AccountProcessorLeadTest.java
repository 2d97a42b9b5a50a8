package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static ai.synaptiq.pipeline.functions.TestEvents.ms;
import static ai.synaptiq.pipeline.functions.TestEvents.rowNodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lead part of {@link AccountProcessor}: last-writer-wins lead state and score moves. */
class AccountProcessorLeadTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> harness;
    private long clock;

    @BeforeEach
    void open() throws Exception {
        harness = TestEvents.harness();
    }

    private JsonNode lastLeadRow() throws Exception {
        clock += 1_000;
        harness.setProcessingTime(clock);
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain once written");
        List<JsonNode> rows = rowNodes(harness, Tables.LEADS);
        return rows.get(rows.size() - 1);
    }

    private static final String CREATED = "\"leadId\":\"l1\",\"source\":\"form\",\"data\":{\"score\":40,\"name\":\"Zoë\",\"customProperties\":{\"size\":\"10\",\"budget\":\"5k\"}}";

    @Test
    void shouldKeepTheLatestScoreAndStatusWhateverTheArrivalOrder() throws Exception {
        harness.processElement(event("e3", "lead.score_changed", "2026-03-01T12:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":55,\"to\":80}"), 0);
        harness.processElement(event("e4", "meeting.booked", "2026-03-01T13:00:00Z", "\"leadId\":\"l1\""), 0);
        lastLeadRow();
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
        lastLeadRow();
        harness.processElement(event("e2", "lead.score_changed", "2026-03-02T10:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":40,\"to\":70}"), 0);
        harness.processElement(event("e3", "lead.score_changed", "2026-03-02T09:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":40,\"to\":50}"), 0);
        lastLeadRow();
        long bucket = ms("2026-03-01T10:00:00Z");
        List<JsonNode> creationBucket = rowNodes(harness, Tables.OVERVIEW_ROLLUP).stream()
                .filter(r -> r.get("bucket_start").asText().equals("2026-03-01 10:00:00")).toList();
        JsonNode last = creationBucket.get(creationBucket.size() - 1);
        assertEquals(70.0, last.get("score_sum").asDouble(), "net effect is the current score");
        assertEquals(1, last.get("leads").asLong());
        assertEquals(4, last.get("version").asLong(), "lead.created, +40, then -40 and +70; the older change moves nothing");
        assertTrue(bucket > 0);
    }

    @Test
    void shouldMoveScoresLikeThis() {
        LeadState l = new LeadState();
        l.accountId = "a";
        l.created = true;
        l.createdMs = ms("2026-03-01T10:07:00Z");
        l.score = 40;
        Contribution[] first = LeadTracker.scoreMoves(l, TestEvents.GRAIN);
        assertEquals(1, first.length);
        assertEquals(40.0, first[0].scoreSum);
        l.score = 70;
        Contribution[] second = LeadTracker.scoreMoves(l, TestEvents.GRAIN);
        assertEquals(2, second.length);
        assertEquals(30.0, second[0].scoreSum + second[1].scoreSum);
        assertEquals(0, LeadTracker.scoreMoves(l, TestEvents.GRAIN).length, "no change, no move");
    }

    @Test
    void shouldWriteNoLeadForEventsWithoutALead() throws Exception {
        harness.processElement(event("e1", "visitor.session_started", "2026-03-01T10:00:00Z", "\"visitorId\":\"v1\""), 0);
        harness.setProcessingTime(1_000);
        assertEquals(1, rowNodes(harness, Tables.EVENTS).size());
        assertTrue(rowNodes(harness, Tables.LEADS).isEmpty());
    }

    @Test
    void shouldWriteTheSameStampAsTheFormatter() {
        assertEquals(String.format("%019d|%s", 1772359620000L, "e1"), LeadTracker.stamp(1772359620000L, "e1"));
        assertEquals(String.format("%019d|%s", 0L, "x"), LeadTracker.stamp(0L, "x"));
        assertEquals(String.format("%019d|%s", -5L, "x"), LeadTracker.stamp(-5L, "x"));
    }

    @Test
    void shouldForgetAnErasedLeadAndDropLaterEventsLinkedToItThroughTheirConversation() throws Exception {
        harness.processElement(event("e1", "lead.created", "2026-03-01T10:00:00Z",
                "\"leadId\":\"l1\",\"conversationId\":\"c1\",\"source\":\"form\",\"data\":{\"score\":40,\"name\":\"Zoë\"}"), 0);
        lastLeadRow();
        int leadRows = rowNodes(harness, Tables.LEADS).size();
        int eventRows = rowNodes(harness, Tables.EVENTS).size();
        harness.processElement(ErasureFilter.forgetMarker(TestEvents.ACCOUNT, "l1"), 0);
        harness.processElement(ErasureFilter.forgetMarker(TestEvents.ACCOUNT, "l1"), 0);
        harness.processElement(event("e2", "message.sent", "2026-03-01T10:05:00Z",
                "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"data\":{\"sender\":\"visitor\",\"content\":\"still here\"}"), 0);
        clock += 1_000;
        harness.setProcessingTime(clock);
        assertEquals(leadRows, rowNodes(harness, Tables.LEADS).size(), "no lead row is written for an erased lead");
        assertEquals(eventRows, rowNodes(harness, Tables.EVENTS).size(), "the message linked to the lead through its conversation is dropped");
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain");

        // After a restart the heap forgets the marker, but the erased state entry still drops the lead's events.
        var snapshot = harness.snapshot(1, clock);
        harness.close();
        harness = TestEvents.harness(snapshot);
        harness.processElement(event("e3", "message.sent", "2026-03-01T10:06:00Z",
                "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"data\":{\"sender\":\"visitor\",\"content\":\"again\"}"), 0);
        clock += 1_000;
        harness.setProcessingTime(clock);
        assertTrue(rowNodes(harness, Tables.EVENTS).isEmpty() && rowNodes(harness, Tables.LEADS).isEmpty(),
                "nothing of the erased lead comes back after a restore");
    }
}
