package ai.synaptiq.pipeline.functions;

import static ai.synaptiq.pipeline.functions.TestEvents.event;
import static ai.synaptiq.pipeline.functions.TestEvents.rowNodes;
import static ai.synaptiq.pipeline.functions.TestEvents.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conversation part of {@link AccountProcessor}: enrichment and coalesced conversation rows. */
class AccountProcessorConversationTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = TestEvents.harness();
    }

    private static final String CONV = "\"visitorId\":\"v1\",\"conversationId\":\"c1\"";

    @Test
    void shouldHandTheConversationsChannelAndLeadToItsLaterEvents() throws Exception {
        harness.processElement(event("e1", "conversation.started", "2026-03-01T10:00:00Z", CONV + ",\"channel\":\"whatsapp\""), 0);
        harness.processElement(event("e2", "lead.created", "2026-03-01T10:01:00Z", CONV + ",\"leadId\":\"l1\",\"source\":\"chat\",\"data\":{\"score\":5}"), 0);
        harness.processElement(event("e3", "conversation.handoff", "2026-03-01T10:02:00Z", CONV), 0);
        JsonNode handoff = rowNodes(harness, Tables.EVENTS).get(2);
        assertEquals("whatsapp", handoff.get("channel").asText());
        assertEquals("l1", handoff.get("lead_id").asText());
    }

    @Test
    void shouldKeepTheConversationAcrossAWriteToState() throws Exception {
        harness.processElement(event("e1", "conversation.started", "2026-03-01T10:00:00Z", CONV + ",\"channel\":\"whatsapp\""), 0);
        harness.processElement(event("e2", "message.sent", "2026-03-01T10:01:00Z", CONV + ",\"leadId\":\"l1\",\"data\":{\"sender\":\"ai\",\"content\":\"x\"}"), 0);
        harness.setProcessingTime(1_000);
        harness.processElement(event("e3", "conversation.handoff", "2026-03-01T10:02:00Z", CONV), 0);
        harness.setProcessingTime(2_000);
        JsonNode handoff = rowNodes(harness, Tables.EVENTS).get(2);
        assertEquals("whatsapp", handoff.get("channel").asText());
        assertEquals("l1", handoff.get("lead_id").asText());
        List<JsonNode> convRows = rowNodes(harness, Tables.CONVERSATIONS);
        assertEquals(2, convRows.size());
        assertEquals(3, convRows.get(1).get("version").asLong());
        assertEquals(1, convRows.get(1).get("handoff").asInt());
    }

    @Test
    void shouldLetConversationStartedSetTheChannelEvenWhenItArrivesLate() throws Exception {
        harness.processElement(event("e2", "message.sent", "2026-03-01T10:01:00Z", CONV + ",\"channel\":\"api\",\"data\":{\"sender\":\"ai\",\"content\":\"x\"}"), 0);
        harness.processElement(event("e1", "conversation.started", "2026-03-01T10:00:00Z", CONV + ",\"channel\":\"slack\""), 0);
        harness.processElement(event("e3", "message.sent", "2026-03-01T10:02:00Z", CONV + ",\"data\":{\"sender\":\"visitor\",\"content\":\"y\"}"), 0);
        List<JsonNode> events = rowNodes(harness, Tables.EVENTS);
        assertEquals("slack", events.get(2).get("channel").asText());
        assertTrue(rows(harness, Tables.CONVERSATIONS).isEmpty(), "rows wait for the write interval");
        harness.setProcessingTime(1_000);
        assertEquals(1, rows(harness, Tables.CONVERSATIONS).size(), "three events, one coalesced row");
        assertEquals(0, harness.numProcessingTimeTimers() + harness.numEventTimeTimers(), "timers drain once written");
        String lastRow = rows(harness, Tables.CONVERSATIONS).get(0);
        assertTrue(lastRow.contains("\"channel\":\"slack\"") && lastRow.contains("\"message_count\":2")
                && lastRow.contains("\"version\":3"), lastRow);
    }

    @Test
    void shouldPassEventsWithoutAConversationThroughUntouched() throws Exception {
        harness.processElement(event("e1", "lead.score_changed", "2026-03-01T10:00:00Z", "\"leadId\":\"l1\",\"data\":{\"from\":1,\"to\":2}"), 0);
        harness.setProcessingTime(1_000);
        assertEquals("", rowNodes(harness, Tables.EVENTS).get(0).get("channel").asText());
        assertTrue(rows(harness, Tables.CONVERSATIONS).isEmpty(), "no conversation row for events outside conversations");
    }
}
