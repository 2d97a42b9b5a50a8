package ai.synaptiq.pipeline.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class EventSerializerTest {

    private static Event roundTrip(Event e) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        new EventSerializer().serialize(e, out);
        return new EventSerializer().deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void shouldCarryEveryFieldAcrossTheWire() throws Exception {
        Event e = EventParser.parse("{\"eventId\":\"e1\",\"type\":\"lead.qualified\",\"accountId\":\"acc\",\"occurredAt\":\"2026-03-01T10:00:00.123+01:00\","
                + "\"visitorId\":\"v\",\"conversationId\":\"c\",\"leadId\":\"l\",\"channel\":\"slack\",\"description\":\"Zoë ✓ \\\"q\\\"\","
                + "\"data\":{\"previousStatus\":\"new\",\"newStatus\":\"qualified\",\"scoreChange\":{\"from\":10,\"to\":90},\"estimatedDealSize\":1200.5}}");
        e.kafkaPartition = 3;
        e.kafkaOffset = 1234567890123L;
        e.source = "chat";
        e.sender = "ai";
        e.responseTimeMs = 12.5;
        e.engagementScore = 70.0;
        e.amount = 0.0;
        Event r = roundTrip(e);
        assertEquals(e, r);
        assertEquals(e.description, r.description);
        assertEquals(e.sender, r.sender);
        assertEquals(e.responseTimeMs, r.responseTimeMs);
        assertEquals(e.engagementScore, r.engagementScore);
        assertEquals(e.score, r.score);
        assertEquals(e.scoreFrom, r.scoreFrom);
        assertEquals(e.estimatedDealSize, r.estimatedDealSize);
        assertEquals(e.amount, r.amount);
        assertEquals(e.status, r.status);
        assertEquals(e.raw, r.raw);
        assertEquals(3, r.kafkaPartition);
        assertEquals(1234567890123L, r.kafkaOffset);
    }

    @Test
    void shouldKeepNullsNull() throws Exception {
        Event r = roundTrip(new Event());
        assertNull(r.eventId);
        assertNull(r.leadId);
        assertNull(r.score);
        assertEquals("{}", r.dataJson);
        Event noData = new Event();
        noData.dataJson = null;
        assertNull(roundTrip(noData).dataJson);
    }
}
