package ai.synaptiq.pipeline.records;

import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/** The one place that knows the columns of each table the pipeline writes (DDL: schemas migrations). */
public final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Rows() {
    }

    /** ClickHouse DateTime text in UTC (the server timezone); seconds, the millis live in *_ms columns. */
    public static String dateTime(long epochMs) {
        return DATE_TIME.format(Instant.ofEpochMilli(Math.max(0, epochMs)));
    }

    public static TableRow event(Event e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", e.accountId);
        n.put("event_id", e.eventId);
        n.put("type", e.type);
        n.put("occurred_at", dateTime(e.occurredMs));
        n.put("occurred_ms", e.occurredMs);
        n.put("visitor_id", nz(e.visitorId));
        n.put("conversation_id", nz(e.conversationId));
        n.put("lead_id", nz(e.leadId));
        n.put("channel", nz(e.channel));
        n.put("source", nz(e.source));
        n.put("sender", nz(e.sender));
        n.put("response_time_ms", e.responseTimeMs);
        n.put("engagement_score", e.engagementScore);
        n.put("score", e.score);
        n.put("estimated_deal_size", e.estimatedDealSize);
        n.put("amount", e.amount);
        n.put("description", nz(e.description));
        n.put("data", e.dataJson);
        return new TableRow(Tables.EVENTS, n.toString());
    }

    public static TableRow activity(Event e, String description, String metadataJson) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", e.accountId);
        n.put("occurred_at", dateTime(e.occurredMs));
        n.put("occurred_ms", e.occurredMs);
        n.put("event_id", e.eventId);
        n.put("type", e.type);
        n.put("lead_id", nz(e.leadId));
        n.put("conversation_id", nz(e.conversationId));
        n.put("description", description);
        n.put("metadata", metadataJson);
        return new TableRow(Tables.ACTIVITY, n.toString());
    }

    public static TableRow conversation(ConversationState c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", c.accountId);
        n.put("conversation_id", c.conversationId);
        n.put("visitor_id", nz(c.visitorId));
        n.put("lead_id", nz(c.leadId));
        n.put("channel", nz(c.channel));
        n.put("started_ms", c.startedMs);
        n.put("ended_ms", c.endedMs);
        n.put("last_event_ms", c.lastEventMs);
        n.put("message_count", c.messageCount);
        n.put("handoff", c.handoff ? 1 : 0);
        n.put("qualification_triggered", c.qualificationTriggered ? 1 : 0);
        n.put("meeting_booked", c.meetingBooked ? 1 : 0);
        n.put("engagement_score", c.engagementScore);
        n.put("version", c.version);
        return new TableRow(Tables.CONVERSATIONS, n.toString());
    }

    public static TableRow lead(LeadState l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", l.accountId);
        n.put("lead_id", l.leadId);
        n.put("created", l.created ? 1 : 0);
        n.put("created_ms", l.createdMs);
        n.put("created_at", dateTime(l.createdMs));
        n.put("last_activity_ms", l.lastActivityMs);
        n.put("email", nz(l.email));
        n.put("name", nz(l.name));
        n.put("phone", nz(l.phone));
        n.put("company", nz(l.company));
        n.put("status", nz(l.status));
        n.put("score", l.score);
        n.put("source", nz(l.source));
        n.put("source_url", nz(l.sourceUrl));
        ArrayNode tags = n.putArray("tags");
        if (l.tags != null) {
            l.tags.forEach(tags::add);
        }
        n.put("assigned_to", nz(l.assignedTo));
        ObjectNode custom = JSON.createObjectNode();
        new TreeMap<>(l.customProperties == null ? Map.<String, String>of() : l.customProperties).forEach(custom::put);
        n.put("custom_properties", custom.toString());
        n.put("visitor_id", nz(l.visitorId));
        n.put("conversation_id", nz(l.conversationId));
        n.put("version", l.version);
        return new TableRow(Tables.LEADS, n.toString());
    }

    public static TableRow rollup(Contribution c, long version) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", c.accountId);
        n.put("bucket_start", dateTime(c.bucketStartMs));
        n.put("conversations", c.conversations);
        n.put("leads", c.leads);
        n.put("qualified", c.qualified);
        n.put("messages", c.messages);
        n.put("ai_timed_messages", c.aiTimedMessages);
        n.put("response_ms_sum", c.responseMsSum);
        n.put("handoffs", c.handoffs);
        n.put("revenue_cents", c.revenueCents);
        n.put("score_sum", c.scoreSum);
        n.put("sessions", c.sessions);
        n.put("meetings", c.meetings);
        n.put("conversions", c.conversions);
        n.put("ended_scored", c.endedScored);
        n.put("engagement_sum", c.engagementSum);
        n.put("version", version);
        return new TableRow(Tables.OVERVIEW_ROLLUP, n.toString());
    }

    public static TableRow deadLetter(long receivedMs, String topic, int partition, long offset, String accountId,
            String reason, String detail, String raw) {
        ObjectNode n = JSON.createObjectNode();
        n.put("received_at", dateTime(receivedMs));
        n.put("received_ms", receivedMs);
        n.put("topic", nz(topic));
        n.put("kafka_partition", partition);
        n.put("kafka_offset", offset);
        n.put("account_id", nz(accountId));
        n.put("reason", reason);
        n.put("detail", nz(detail));
        n.put("raw", nz(raw));
        return new TableRow(Tables.DEAD_LETTERS, n.toString());
    }

    public static TableRow progress(int subtask, long watermarkMs, long updatedMs) {
        ObjectNode n = JSON.createObjectNode();
        n.put("subtask", subtask);
        n.put("watermark_ms", Math.max(0, watermarkMs));
        n.put("updated_ms", updatedMs);
        return new TableRow(Tables.PIPELINE_PROGRESS, n.toString());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
