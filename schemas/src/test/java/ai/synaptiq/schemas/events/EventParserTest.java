package ai.synaptiq.schemas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {

    @Test
    void shouldReadEnvelopeTypedDataAndKeepUnknownFields() throws Exception {
        Event e = EventParser.parse("""
                {"eventId":"evt_1","type":"message.sent","accountId":"acc_1","occurredAt":"2026-04-05T13:42:00.000+02:00",
                 "visitorId":"v1","conversationId":"c1","data":{"sender":"ai","content":"hi","responseTimeMs":1200,"extra":{"k":1}}}""");
        assertEquals("evt_1", e.eventId);
        assertEquals(java.time.Instant.parse("2026-04-05T11:42:00Z").toEpochMilli(), e.occurredMs);
        assertEquals("ai", e.sender);
        assertEquals(1200.0, e.responseTimeMs);
        assertEquals("{\"sender\":\"ai\",\"content\":\"hi\",\"responseTimeMs\":1200,\"extra\":{\"k\":1}}", e.dataJson);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                                                                         | invalid_json",
        "[1,2]                                                                                            | invalid_json",
        "{\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}          | missing_field",
        "{\"eventId\":\"e 1\",\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\"} | invalid_field",
        "{\"eventId\":\"e1\",\"type\":\"lead.exploded\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\"} | unknown_type",
        "{\"eventId\":\"e1\",\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"yesterday\",\"leadId\":\"l\",\"data\":{\"score\":1}} | invalid_field",
        "{\"eventId\":\"e1\",\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00\",\"leadId\":\"l\",\"data\":{\"score\":1}} | invalid_field",
        "{\"eventId\":\"e1\",\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"score\":1}} | missing_field",
        "{\"eventId\":\"e1\",\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"leadId\":\"l\",\"data\":{\"score\":101}} | invalid_field",
        "{\"eventId\":\"e1\",\"type\":\"conversation.started\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"visitorId\":\"v\",\"conversationId\":\"c\",\"channel\":\"fax\"} | invalid_field",
        "{\"eventId\":\"e1\",\"type\":\"message.sent\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"visitorId\":\"v\",\"conversationId\":\"c\",\"data\":{\"sender\":\"bot\",\"content\":\"x\"}} | invalid_field",
        "{\"eventId\":\"e1\",\"type\":\"intent.high_value\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"data\":{\"intent\":\"x\",\"confidence\":1.5}} | invalid_field",
    })
    void shouldRejectWithReason(String raw, String reason) {
        RejectedEventException ex = assertThrows(RejectedEventException.class, () -> EventParser.parse(raw));
        assertEquals(reason, ex.rejection().reason());
    }

    @ParameterizedTest
    @CsvSource({"+999999999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"})
    void shouldRejectSignedYearsInsteadOfOverflowing(String occurredAt) {
        RejectedEventException ex = assertThrows(RejectedEventException.class, () -> EventParser.parse(
                "{\"eventId\":\"e1\",\"type\":\"intent.high_value\",\"accountId\":\"a\",\"occurredAt\":\"" + occurredAt
                        + "\",\"data\":{\"intent\":\"x\",\"confidence\":0.5}}"));
        assertEquals("invalid_field", ex.rejection().reason());
    }

    @Test
    void shouldNameTheFieldInTheDetail() {
        RejectedEventException ex = assertThrows(RejectedEventException.class, () -> EventParser.parse(
                "{\"eventId\":\"e1\",\"type\":\"message.sent\",\"accountId\":\"a\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"visitorId\":\"v\"}"));
        assertEquals("conversationId is required on message.sent", ex.rejection().detail());
    }
}
