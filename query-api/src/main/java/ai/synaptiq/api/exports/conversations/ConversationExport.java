package ai.synaptiq.api.exports.conversations;

import ai.synaptiq.api.exports.ClickHouseRows;
import ai.synaptiq.api.exports.format.JsonRecordWriter;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.ErasedIds;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;

/**
 * Conversation exports (exporting-data.md, "Conversation Export Format"): JSON with every message
 * and the conversation's other events, or a plain-text transcript. Two streams are read side by
 * side, both in conversation order (started, then id): the conversations (with their lead's email
 * and name) and the events of those conversations, so no conversation is ever held whole.
 */
public record ConversationExport(ClickHouseClient clickHouse, ObjectMapper json) {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("hh:mm a", Locale.US);
    private static final Comparator<JsonNode> CONVERSATION_ORDER = Comparator.<JsonNode>comparingLong(r -> r.path("started_ms").asLong())
            .thenComparing(r -> r.path("conversation_id").asText());

    /** The conversations as JSON records (an array, or JSON Lines); returns how many. */
    public long writeJson(String accountId, ConversationFilter filter, FieldRestrictions r, JsonRecordWriter.Layout layout, OutputStream out) {
        JsonRecordWriter array = new JsonRecordWriter(json, out, layout);
        long n = 0;
        // Messages first, then the other events, each in time order: the object's two arrays are written as the rows come.
        try (ClickHouseRows conversations = ClickHouseRows.open(clickHouse, conversationsQuery(accountId, filter));
                ClickHouseRows events = ClickHouseRows.open(clickHouse, eventsQuery(accountId, filter, "type != 'message.sent', "))) {
            while (conversations.hasNext()) {
                writeConversation(array.element(), conversations.next(), events, r);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        array.finish();
        return n;
    }

    private void writeConversation(JsonGenerator g, JsonNode c, ClickHouseRows events, FieldRestrictions r) throws IOException {
        long started = c.path("started_ms").asLong();
        long ended = c.path("ended_ms").asLong();
        g.writeStartObject();
        g.writeStringField("conversation_id", c.path("conversation_id").asText());
        nullable(g, "lead_id", c.path("lead_id").asText());
        if (r.restricts("email")) {
            g.writeStringField("lead_email", FieldRestrictions.REDACTED);
        } else {
            nullable(g, "lead_email", c.path("lead_email").asText());
        }
        nullable(g, "started_at", started > 0 ? Values.instant(started) : "");
        nullable(g, "ended_at", ended > 0 ? Values.instant(ended) : "");
        if (started > 0 && ended >= started) {
            g.writeNumberField("duration_seconds", (ended - started) / 1000);
        } else {
            g.writeNullField("duration_seconds");
        }
        g.writeNumberField("message_count", c.path("message_count").asLong());
        g.writeBooleanField("qualification_triggered", c.path("qualification_triggered").asInt() == 1);
        g.writeBooleanField("meeting_booked", c.path("meeting_booked").asInt() == 1);
        skipTo(events, c);
        g.writeArrayFieldStart("messages");
        while (sameConversation(events, c) && isMessage(events.peek())) {
            JsonNode e = events.next();
            JsonNode data = data(e);
            g.writeStartObject();
            g.writeStringField("sender", data.path("sender").asText());
            g.writeStringField("content", r.apply("message_content", data.path("content").asText()));
            g.writeStringField("timestamp", Values.instant(e.path("occurred_ms").asLong()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        while (sameConversation(events, c)) {
            JsonNode e = events.next();
            ConversationEvent.write(g, e, data(e), r);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * The transcript: {@code [09:22 AM] Name: text} per message, clock times in {@code zone}. The AI
     * speaks as "Synaptiq", the visitor by the lead's first name (else "Visitor"), an agent by the
     * message's {@code agent}, else the agent of the latest handoff, else "Agent". Unless the export
     * names one conversation, each conversation starts with a header line and ends with a blank line.
     */
    public long writeText(String accountId, ConversationFilter filter, FieldRestrictions r, ZoneId zone, OutputStream out) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
        long n = 0;
        try (ClickHouseRows conversations = ClickHouseRows.open(clickHouse, conversationsQuery(accountId, filter));
                ClickHouseRows events = ClickHouseRows.open(clickHouse, eventsQuery(accountId, filter, ""))) {
            while (conversations.hasNext()) {
                JsonNode c = conversations.next();
                if (!filter.single()) {
                    long started = c.path("started_ms").asLong();
                    w.write("--- Conversation " + c.path("conversation_id").asText()
                            + (started > 0 ? ", started " + DateTimeFormatter.ISO_LOCAL_DATE.format(Instant.ofEpochMilli(started).atZone(zone))
                                    + " " + CLOCK.format(Instant.ofEpochMilli(started).atZone(zone)) : "")
                            + " (" + zone.getId() + ") ---\n");
                }
                String visitor = r.restricts("name") ? FieldRestrictions.REDACTED : firstName(c.path("lead_name").asText());
                String handoffAgent = null;
                skipTo(events, c);
                while (sameConversation(events, c)) {
                    JsonNode e = events.next();
                    JsonNode data = data(e);
                    if ("conversation.handoff".equals(e.path("type").asText()) && data.hasNonNull("agent")) {
                        handoffAgent = data.get("agent").asText();
                    }
                    if (!isMessage(e)) {
                        continue;
                    }
                    String sender = data.path("sender").asText();
                    String speaker = switch (sender) {
                        case "ai" -> "Synaptiq";
                        case "visitor" -> visitor;
                        default -> data.hasNonNull("agent") ? data.get("agent").asText() : handoffAgent != null ? handoffAgent : "Agent";
                    };
                    w.write("[" + CLOCK.format(Instant.ofEpochMilli(e.path("occurred_ms").asLong()).atZone(zone)) + "] " + speaker + ": "
                            + r.apply("message_content", data.path("content").asText()) + "\n");
                }
                if (!filter.single()) {
                    w.write("\n");
                }
                n++;
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return n;
    }

    private static String firstName(String name) {
        String trimmed = name.strip();
        return trimmed.isEmpty() ? "Visitor" : trimmed.split("\\s+")[0];
    }

    private JsonNode data(JsonNode eventRow) {
        try {
            return json.readTree(eventRow.path("data").asText("{}"));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable data of event " + eventRow.path("event_id").asText(), e);
        }
    }

    private static boolean isMessage(JsonNode eventRow) {
        return "message.sent".equals(eventRow.path("type").asText());
    }

    /** Drops events of conversations that come before {@code c} (e.g. a conversation deleted between the two reads). */
    private static void skipTo(ClickHouseRows events, JsonNode c) {
        while (events.hasNext() && CONVERSATION_ORDER.compare(events.peek(), c) < 0) {
            events.next();
        }
    }

    private static boolean sameConversation(ClickHouseRows events, JsonNode c) {
        return events.hasNext() && CONVERSATION_ORDER.compare(events.peek(), c) == 0;
    }

    private static void nullable(JsonGenerator g, String field, String value) throws IOException {
        if (value.isEmpty()) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private static String selected(String accountId, ConversationFilter f) {
        return "SELECT account_id, conversation_id, lead_id, started_ms, ended_ms, message_count, qualification_triggered, meeting_booked"
                + " FROM " + Tables.CONVERSATIONS + " FINAL WHERE account_id = " + Sql.quote(accountId) + " AND " + f.sql()
                + " AND " + ErasedIds.notInConversation(accountId);
    }

    private static String conversationsQuery(String accountId, ConversationFilter f) {
        return "SELECT conversation_id, lead_id, started_ms, ended_ms, message_count, qualification_triggered, meeting_booked,"
                + " lead_email, lead_name FROM (" + selected(accountId, f) + ") ANY LEFT JOIN (SELECT account_id, lead_id,"
                + " email AS lead_email, name AS lead_name FROM " + Tables.LEADS + " FINAL WHERE account_id = " + Sql.quote(accountId)
                + ") USING (account_id, lead_id) ORDER BY started_ms, conversation_id";
    }

    /** The events of the selected conversations in conversation order; {@code firstKey} orders within one. */
    private static String eventsQuery(String accountId, ConversationFilter f, String firstKey) {
        return "SELECT conversation_id, started_ms, event_id, type, occurred_ms, channel, source, data FROM " + Tables.EVENTS + " FINAL"
                + " ANY INNER JOIN (SELECT account_id, conversation_id, started_ms FROM (" + selected(accountId, f) + "))"
                + " USING (account_id, conversation_id) WHERE account_id = " + Sql.quote(accountId) + " AND " + ErasedIds.notInEvent(accountId)
                + " ORDER BY started_ms, conversation_id, " + firstKey + "occurred_ms, event_id";
    }
}
