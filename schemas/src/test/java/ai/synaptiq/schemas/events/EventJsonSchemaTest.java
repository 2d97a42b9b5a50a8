package ai.synaptiq.schemas.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema (resources/json-schema/event.schema.json) must accept exactly what
 * EventParser accepts: every sample here is run through both and they must agree.
 */
class EventJsonSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = EventJsonSchemaTest.class.getResourceAsStream("/json-schema/event.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSamples")
    void shouldAcceptWhatTheParserAccepts(String label, String raw) {
        assertTrue(parserAccepts(raw), "parser should accept " + label + ": " + raw);
        assertEquals(Set.of(), schemaErrors(raw), "schema should accept " + label + ": " + raw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSamples")
    void shouldRejectWhatTheParserRejects(String label, String raw) {
        assertFalse(parserAccepts(raw), "parser should reject " + label + ": " + raw);
        assertFalse(schemaErrors(raw).isEmpty(), "schema should reject " + label + ": " + raw);
    }

    @Test
    void shouldListEveryEventType() {
        JsonNode types = readSchemaTree().path("properties").path("type").path("enum");
        List<String> listed = new ArrayList<>();
        types.forEach(t -> listed.add(t.asText()));
        assertEquals(Stream.of(EventType.values()).map(EventType::wireName).toList(), listed);
    }

    static Stream<Arguments> validSamples() {
        return Stream.of(
                sample("visitor.session_started", base("visitor.session_started")),
                sample("conversation.started", base("conversation.started")),
                sample("message.sent", base("message.sent")),
                sample("conversation.ended", base("conversation.ended")),
                sample("conversation.handoff", base("conversation.handoff")),
                sample("lead.created", base("lead.created")),
                sample("lead.updated", base("lead.updated")),
                sample("lead.score_changed", base("lead.score_changed")),
                sample("lead.qualified", base("lead.qualified")),
                sample("meeting.booked", base("meeting.booked")),
                sample("conversion.completed", base("conversion.completed")),
                sample("intent.high_value", base("intent.high_value")),
                sample("no data where none is required", edit("conversation.ended", e -> e.remove("data"))),
                sample("null data", edit("lead.updated", e -> e.putNull("data"))),
                sample("null optional envelope fields", edit("lead.created", e -> {
                    e.putNull("visitorId");
                    e.putNull("conversationId");
                    e.putNull("channel");
                    e.putNull("source");
                    e.putNull("description");
                })),
                sample("null optional data fields", edit("lead.created", e -> {
                    data(e).putNull("email");
                    data(e).putNull("tags");
                    data(e).putNull("customProperties");
                })),
                sample("unknown fields kept", edit("message.sent", e -> {
                    e.put("extra", 1);
                    data(e).putObject("nested").put("k", true);
                })),
                sample("unchecked referrer", edit("visitor.session_started", e -> data(e).put("referrer", 42))),
                sample("empty message content", edit("message.sent", e -> data(e).put("content", ""))),
                sample("64-character id", edit("intent.high_value", e -> e.put("eventId", "e".repeat(64)))),
                sample("offset +05:30", at("2026-04-05T17:12:00.000+05:30")),
                sample("offset hours only", at("2026-04-05T11:42:00+05")),
                sample("offset with seconds", at("2026-04-05T11:42:00+05:30:15")),
                sample("offset -18:00", at("2026-04-05T11:42:00-18:00")),
                sample("lower-case t and z", at("2026-04-05t11:42:00z")),
                sample("no seconds", at("2026-04-05T11:42Z")),
                sample("bare decimal point", at("2026-04-05T11:42:00.Z")),
                sample("nanoseconds", at("2026-04-05T11:42:00.123456789Z")),
                sample("leap day 2024", at("2024-02-29T00:00:00Z")),
                sample("leap day 2000", at("2000-02-29T00:00:00Z")),
                sample("year 0000", at("0000-01-01T00:00:00Z")),
                sample("score bounds", edit("lead.score_changed", e -> data(e).put("from", 0).put("to", 100))),
                sample("decimal score", edit("lead.created", e -> data(e).put("score", 42.5))),
                sample("confidence bounds", edit("intent.high_value", e -> data(e).put("confidence", 1))),
                sample("huge deal size", edit("lead.qualified", e -> data(e).put("estimatedDealSize", 1e300))),
                sample("null scoreChange", edit("lead.qualified", e -> data(e).putNull("scoreChange"))),
                sample("disqualified by update", edit("lead.updated", e -> data(e).put("status", "disqualified"))),
                sample("meetingAt with offset", edit("meeting.booked", e -> data(e).put("meetingAt", "2026-04-09T15:00:00+02:00"))),
                sample("unicode and quotes", edit("lead.created", e -> data(e).put("name", "Zoë Ångström")
                        .put("company", "\"Acme, Inc.\" & O'Brien"))));
    }

    static Stream<Arguments> invalidSamples() {
        return Stream.of(
                sample("not JSON", "not json"),
                sample("truncated JSON", "{\"eventId\":\"e1\",\"type\":"),
                sample("array", "[1,2]"),
                sample("string", "\"lead.created\""),
                sample("missing eventId", edit("lead.created", e -> e.remove("eventId"))),
                sample("missing type", edit("lead.created", e -> e.remove("type"))),
                sample("missing accountId", edit("lead.created", e -> e.remove("accountId"))),
                sample("missing occurredAt", edit("lead.created", e -> e.remove("occurredAt"))),
                sample("null eventId", edit("lead.created", e -> e.putNull("eventId"))),
                sample("65-character id", edit("lead.created", e -> e.put("eventId", "e".repeat(65)))),
                sample("empty id", edit("lead.created", e -> e.put("accountId", ""))),
                sample("space in id", edit("lead.created", e -> e.put("eventId", "e 1"))),
                sample("newline after id", edit("lead.created", e -> e.put("eventId", "e1\n"))),
                sample("numeric leadId", edit("lead.created", e -> e.put("leadId", 7))),
                sample("unknown type", edit("lead.created", e -> e.put("type", "lead.exploded"))),
                sample("numeric type", edit("lead.created", e -> e.put("type", 5))),
                sample("no offset", at("2026-04-05T11:42:00")),
                sample("space for T", at("2026-04-05 11:42:00Z")),
                sample("not a date", at("yesterday")),
                sample("month 13", at("2026-13-01T00:00:00Z")),
                sample("April 31", at("2026-04-31T00:00:00Z")),
                sample("Feb 29 2026", at("2026-02-29T00:00:00Z")),
                sample("Feb 29 1900", at("1900-02-29T00:00:00Z")),
                sample("hour 24", at("2026-04-05T24:00:00Z")),
                sample("leap second", at("2026-04-05T23:59:60Z")),
                sample("ten fraction digits", at("2026-04-05T11:42:00.1234567891Z")),
                sample("offset +19", at("2026-04-05T11:42:00+19")),
                sample("offset +18:01", at("2026-04-05T11:42:00+18:01")),
                sample("offset without colon", at("2026-04-05T11:42:00+0530")),
                sample("offset after Z", at("2026-04-05T11:42:00Z+05:00")),
                sample("zone id", at("2026-04-05T11:42:00Z[UTC]")),
                sample("trailing newline", at("2026-04-05T11:42:00Z\n")),
                sample("signed year", at("+2026-04-05T11:42:00Z")),
                sample("expanded year", at("+10000-01-01T00:00:00Z")),
                sample("epoch number", edit("lead.created", e -> e.put("occurredAt", 1775389320000L))),
                sample("message.sent without visitorId", edit("message.sent", e -> e.remove("visitorId"))),
                sample("message.sent with null visitorId", edit("message.sent", e -> e.putNull("visitorId"))),
                sample("conversation.ended without conversationId", edit("conversation.ended", e -> e.remove("conversationId"))),
                sample("visitor.session_started without visitorId", edit("visitor.session_started", e -> e.remove("visitorId"))),
                sample("lead.created without leadId", edit("lead.created", e -> e.remove("leadId"))),
                sample("meeting.booked without leadId", edit("meeting.booked", e -> e.remove("leadId"))),
                sample("unknown channel", edit("conversation.started", e -> e.put("channel", "fax"))),
                sample("numeric channel", edit("conversation.started", e -> e.put("channel", 1))),
                sample("unknown source", edit("lead.created", e -> e.put("source", "web"))),
                sample("numeric description", edit("lead.created", e -> e.put("description", 5))),
                sample("data is an array", edit("lead.updated", e -> e.putArray("data"))),
                sample("data is text", edit("lead.updated", e -> e.put("data", "{}"))),
                sample("numeric pageUrl", edit("conversation.started", e -> data(e).put("pageUrl", 1))),
                sample("message.sent without data", edit("message.sent", e -> e.remove("data"))),
                sample("unknown sender", edit("message.sent", e -> data(e).put("sender", "bot"))),
                sample("null content", edit("message.sent", e -> data(e).putNull("content"))),
                sample("numeric content", edit("message.sent", e -> data(e).put("content", 3))),
                sample("negative responseTimeMs", edit("message.sent", e -> data(e).put("responseTimeMs", -1))),
                sample("textual responseTimeMs", edit("message.sent", e -> data(e).put("responseTimeMs", "1200"))),
                sample("engagementScore over 100", edit("conversation.ended", e -> data(e).put("engagementScore", 100.5))),
                sample("numeric handoff reason", edit("conversation.handoff", e -> data(e).put("reason", 1))),
                sample("lead.created without score", edit("lead.created", e -> data(e).remove("score"))),
                sample("lead.created without data", edit("lead.created", e -> e.remove("data"))),
                sample("score 101", edit("lead.created", e -> data(e).put("score", 101))),
                sample("negative score", edit("lead.created", e -> data(e).put("score", -1))),
                sample("textual score", edit("lead.created", e -> data(e).put("score", "50"))),
                sample("numeric email", edit("lead.created", e -> data(e).put("email", 5))),
                sample("numeric tag", edit("lead.created", e -> data(e).putArray("tags").add(1))),
                sample("tags as text", edit("lead.updated", e -> data(e).put("tags", "vip"))),
                sample("numeric custom property", edit("lead.created", e -> data(e).putObject("customProperties").put("seats", 5))),
                sample("custom properties as array", edit("lead.updated", e -> data(e).putArray("customProperties"))),
                sample("unknown status", edit("lead.updated", e -> data(e).put("status", "won"))),
                sample("score_changed without to", edit("lead.score_changed", e -> data(e).remove("to"))),
                sample("qualified with newStatus new", edit("lead.qualified", e -> data(e).put("newStatus", "new"))),
                sample("qualified without previousStatus", edit("lead.qualified", e -> data(e).remove("previousStatus"))),
                sample("unknown previousStatus", edit("lead.qualified", e -> data(e).put("previousStatus", "won"))),
                sample("scoreChange without to", edit("lead.qualified", e -> data(e).putObject("scoreChange").put("from", 1))),
                sample("scoreChange as number", edit("lead.qualified", e -> data(e).put("scoreChange", 5))),
                sample("negative deal size", edit("lead.qualified", e -> data(e).put("estimatedDealSize", -1))),
                sample("meetingAt not a date", edit("meeting.booked", e -> data(e).put("meetingAt", "tomorrow"))),
                sample("numeric meetingAt", edit("meeting.booked", e -> data(e).put("meetingAt", 5))),
                sample("unknown provider", edit("meeting.booked", e -> data(e).put("provider", "zoom"))),
                sample("negative amount", edit("conversion.completed", e -> data(e).put("amount", -5))),
                sample("empty intent", edit("intent.high_value", e -> data(e).put("intent", ""))),
                sample("missing intent", edit("intent.high_value", e -> data(e).remove("intent"))),
                sample("intent.high_value without data", edit("intent.high_value", e -> e.remove("data"))),
                sample("confidence 1.5", edit("intent.high_value", e -> data(e).put("confidence", 1.5))),
                sample("infinite deal size", edit("intent.high_value", e -> e.set("data", parse(
                        "{\"intent\":\"x\",\"confidence\":0.5,\"estimatedDealSize\":1e400}")))));
    }

    /** A valid event of the type with every envelope field it needs and typical data. */
    private static ObjectNode base(String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", "evt_1").put("type", type).put("accountId", "acc_1").put("occurredAt", "2026-04-05T11:42:00.000Z");
        EventType t = EventType.fromWire(type).orElseThrow();
        if (t.needsVisitor()) {
            e.put("visitorId", "v_1");
        }
        if (t.needsConversation()) {
            e.put("conversationId", "conv_1");
        }
        if (t.needsLead()) {
            e.put("leadId", "lead_1");
        }
        String data = switch (t) {
            case VISITOR_SESSION_STARTED -> "{\"pageUrl\":\"https://acme.example/pricing\",\"referrer\":\"https://google.com\"}";
            case CONVERSATION_STARTED -> "{\"pageUrl\":\"https://acme.example/pricing\"}";
            case MESSAGE_SENT -> "{\"sender\":\"ai\",\"content\":\"Hi! How can I help?\",\"responseTimeMs\":1200}";
            case CONVERSATION_ENDED -> "{\"engagementScore\":72}";
            case CONVERSATION_HANDOFF -> "{\"reason\":\"pricing question\",\"agent\":\"Sam\"}";
            case LEAD_CREATED -> "{\"score\":55,\"email\":\"ana@acme.example\",\"name\":\"Ana\",\"phone\":\"+1 555 0100\","
                    + "\"company\":\"Acme\",\"sourceUrl\":\"https://acme.example\",\"tags\":[\"enterprise\"],"
                    + "\"assignedTo\":\"sam\",\"customProperties\":{\"seats\":\"50\"}}";
            case LEAD_UPDATED -> "{\"company\":\"Acme Corp\",\"customProperties\":{\"plan\":\"pro\"}}";
            case LEAD_SCORE_CHANGED -> "{\"from\":22,\"to\":64}";
            case LEAD_QUALIFIED -> "{\"previousStatus\":\"new\",\"newStatus\":\"qualified\",\"scoreChange\":{\"from\":22,\"to\":64},"
                    + "\"estimatedDealSize\":45000}";
            case MEETING_BOOKED -> "{\"meetingAt\":\"2026-04-09T15:00:00Z\",\"provider\":\"calcom\"}";
            case CONVERSION_COMPLETED -> "{\"amount\":12000.5}";
            case INTENT_HIGH_VALUE -> "{\"intent\":\"enterprise_pricing\",\"confidence\":0.94,\"estimatedDealSize\":45000}";
        };
        e.set("data", parse(data));
        return e;
    }

    private static String edit(String type, Consumer<ObjectNode> change) {
        ObjectNode e = base(type);
        change.accept(e);
        return e.toString();
    }

    private static String at(String occurredAt) {
        return edit("lead.score_changed", e -> e.put("occurredAt", occurredAt));
    }

    private static ObjectNode data(ObjectNode e) {
        return (ObjectNode) e.get("data");
    }

    private static Arguments sample(String label, Object raw) {
        return Arguments.of(label, raw.toString());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean parserAccepts(String raw) {
        try {
            EventParser.parse(raw);
            return true;
        } catch (RejectedEventException e) {
            return false;
        }
    }

    /** Text that is not JSON cannot be validated: reported as one error. */
    private static Set<String> schemaErrors(String raw) {
        JsonNode instance;
        try {
            instance = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return Set.of("not JSON");
        }
        Set<String> errors = new java.util.TreeSet<>();
        for (ValidationMessage m : schema.validate(instance)) {
            errors.add(m.getMessage());
        }
        return errors;
    }

    private static JsonNode readSchemaTree() {
        try (InputStream in = EventJsonSchemaTest.class.getResourceAsStream("/json-schema/event.schema.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
