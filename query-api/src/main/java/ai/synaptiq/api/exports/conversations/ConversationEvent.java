package ai.synaptiq.api.exports.conversations;

import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * How a non-message event of a conversation appears in the export's {@code events}: its type and
 * timestamp and the fields that tell what happened, never the lead's contact details.
 * {@code lead.qualified} appears as the spec's {@code qualification_check} with
 * {@code result: "qualified"}; every other type keeps its event-stream name.
 */
final class ConversationEvent {
    private ConversationEvent() {
    }

    /** Writes one events-row ({@code type, occurred_ms, channel, source, data}) as a JSON object. */
    static void write(JsonGenerator g, JsonNode row, JsonNode data, FieldRestrictions r) throws IOException {
        String type = row.path("type").asText();
        g.writeStartObject();
        g.writeStringField("type", "lead.qualified".equals(type) ? "qualification_check" : type);
        g.writeStringField("timestamp", Values.instant(row.path("occurred_ms").asLong()));
        switch (type) {
            case "visitor.session_started" -> {
                copy(g, data, "pageUrl", "page_url");
                copy(g, data, "referrer", "referrer");
            }
            case "conversation.started" -> {
                text(g, "channel", row.path("channel").asText());
                copy(g, data, "pageUrl", "page_url");
            }
            case "conversation.ended" -> copy(g, data, "engagementScore", "engagement_score");
            case "conversation.handoff" -> {
                copy(g, data, "reason", "reason");
                copy(g, data, "agent", "agent");
            }
            case "lead.created" -> {
                score(g, r, "score", data.get("score"));
                text(g, "source", row.path("source").asText());
            }
            case "lead.updated" -> {
                TreeSet<String> fields = new TreeSet<>();
                for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
                    fields.add(it.next());
                }
                g.writeArrayFieldStart("fields");
                for (String f : fields) {
                    g.writeString(f);
                }
                g.writeEndArray();
                if (data.hasNonNull("status")) {
                    g.writeStringField("status", r.apply("status", data.get("status").asText()));
                }
            }
            case "lead.score_changed" -> {
                score(g, r, "from", data.get("from"));
                score(g, r, "to", data.get("to"));
            }
            case "lead.qualified" -> {
                g.writeStringField("result", "qualified");
                score(g, r, "score", data.path("scoreChange").get("to"));
                if (data.hasNonNull("previousStatus")) {
                    g.writeStringField("previous_status", r.apply("status", data.get("previousStatus").asText()));
                }
                copy(g, data, "estimatedDealSize", "estimated_deal_size");
            }
            case "meeting.booked" -> {
                copy(g, data, "meetingAt", "meeting_at");
                copy(g, data, "provider", "provider");
            }
            case "conversion.completed" -> copy(g, data, "amount", "amount");
            case "intent.high_value" -> {
                copy(g, data, "intent", "intent");
                copy(g, data, "confidence", "confidence");
                copy(g, data, "estimatedDealSize", "estimated_deal_size");
            }
            default -> {
            }
        }
        g.writeEndObject();
    }


    private static void copy(JsonGenerator g, JsonNode data, String from, String to) throws IOException {
        JsonNode v = data.get(from);
        if (v != null && !v.isNull()) {
            g.writeFieldName(to);
            g.writeTree(v);
        }
    }

    private static void score(JsonGenerator g, FieldRestrictions r, String name, JsonNode v) throws IOException {
        if (v == null || v.isNull()) {
            return;
        }
        if (r.restricts("score")) {
            g.writeStringField(name, FieldRestrictions.REDACTED);
        } else {
            g.writeFieldName(name);
            g.writeTree(v);
        }
    }

    private static void text(JsonGenerator g, String name, String v) throws IOException {
        if (!v.isEmpty()) {
            g.writeStringField(name, v);
        }
    }
}
