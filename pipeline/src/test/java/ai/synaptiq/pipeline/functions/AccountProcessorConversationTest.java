package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.events.Event;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationTrackerTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, Event> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ConversationTracker(250), ConversationTracker::key, Types.STRING);
    }

    private static final String CONV = "\"visitorId\":\"v1\",\"conversationId\":\"c1\"";

    @Test
    void shouldHandTheConversationsChannelAndLeadToItsLaterEvents() throws Exception {
        harness.processElement(event("e1", "conversation.started", "2026-03-01T10:00:00Z", CONV + ",\"channel\":\"whatsapp\""), 0);
        harness.processElement(event("e2", "lead.created", "2026-03-01T10:01:00Z", CONV + ",\"leadId\":\"l1\",\"source\":\"chat\",\"data\":{\"score\":5}"), 0);
        harness.processElement(event("e3", "conversation.handoff", "2026-03-01T10:02:00Z", CONV), 0);
        Event handoff = harness.extractOutputValues().get(2);
        assertEquals("whatsapp", handoff.channel);
        assertEquals("l1", handoff.leadId);
    }

    @Test
    void shouldLetConversationStartedSetTheChannelEvenWhenItArrivesLate() throws Exception {
        harness.processElement(event("e2", "message.sent", "2026-03-01T10:01:00Z", CONV + ",\"channel\":\"api\",\"data\":{\"sender\":\"ai\",\"content\":\"x\"}"), 0);
        harness.processElement(event("e1", "conversation.started", "2026-03-01T10:00:00Z", CONV + ",\"channel\":\"slack\""), 0);
        harness.processElement(event("e3", "message.sent", "2026-03-01T10:02:00Z", CONV + ",\"data\":{\"sender\":\"visitor\",\"content\":\"y\"}"), 0);
        List<Event> out = harness.extractOutputValues();
        assertEquals("slack", out.get(2).channel);
        assertTrue(harness.getSideOutput(SideOutputs.ROWS) == null, "rows wait for the write interval");
        harness.setProcessingTime(1_000);
        assertEquals(1, harness.getSideOutput(SideOutputs.ROWS).size(), "three events, one coalesced row");
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain once written");
        String lastRow = harness.getSideOutput(SideOutputs.ROWS).stream().map(StreamRecord::getValue).reduce((a, b) -> b).orElseThrow().json;
        assertTrue(lastRow.contains("\"channel\":\"slack\"") && lastRow.contains("\"message_count\":2")
                && lastRow.contains("\"version\":3"), lastRow);
    }

    @Test
    void shouldPassEventsWithoutAConversationThroughUntouched() throws Exception {
        harness.processElement(event("e1", "lead.score_changed", "2026-03-01T10:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":1,\"to\":2}"), 0);
        assertNull(harness.extractOutputValues().get(0).channel);
        assertEquals(0, harness.numKeyedStateEntries(), "no state for events outside conversations");
        assertTrue(harness.getSideOutput(SideOutputs.ROWS) == null || harness.getSideOutput(SideOutputs.ROWS).isEmpty());
    }
}
