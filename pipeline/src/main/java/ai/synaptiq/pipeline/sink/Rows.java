package ai.synaptiq.pipeline.sink;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.ConversationState;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one place that knows the columns of each table the pipeline writes (DDL: schemas migrations).
 * Rows are TabSeparated lines (cheaper for ClickHouse to parse than JSONEachRow), inserted with the
 * explicit column list {@link #columns}.
 */
public final class Rows {

    static final String[] EVENTS_COLUMNS = {"account_id", "event_id", "type", "occurred_at", "occurred_ms", "visitor_id", "conversation_id", "lead_id", "channel", "source", "sender", "response_time_ms", "engagement_score", "score", "estimated_deal_size", "amount", "description", "data"};
    static final String[] ACTIVITY_COLUMNS = {"account_id", "occurred_at", "occurred_ms", "event_id", "type", "lead_id", "conversation_id", "description", "metadata"};
    static final String[] CONVERSATIONS_COLUMNS = {"account_id", "conversation_id", "visitor_id", "lead_id", "channel", "started_ms", "ended_ms", "last_event_ms", "message_count", "handoff", "qualification_triggered", "meeting_booked", "engagement_score", "version"};
    static final String[] LEADS_COLUMNS = {"account_id", "lead_id", "created", "created_ms", "created_at", "last_activity_ms", "email", "name", "phone", "company", "status", "score", "source", "source_url", "tags", "assigned_to", "custom_properties", "visitor_id", "conversation_id", "version"};
    static final String[] OVERVIEW_ROLLUP_COLUMNS = {"account_id", "bucket_start", "conversations", "leads", "qualified", "messages", "ai_timed_messages", "response_ms_sum", "handoffs", "revenue_cents", "score_sum", "sessions", "meetings", "conversions", "ended_scored", "engagement_sum", "version"};
    static final String[] DEAD_LETTERS_COLUMNS = {"received_at", "received_ms", "topic", "kafka_partition", "kafka_offset", "account_id", "reason", "detail", "raw"};
    static final String[] PIPELINE_PROGRESS_COLUMNS = {"subtask", "watermark_ms", "updated_ms"};
    static final String[] ACCOUNT_VERSIONS_COLUMNS = {"account_id", "version"};
    private static final Map<String, String> COLUMN_LISTS = Map.of(
            Tables.EVENTS, columnList(EVENTS_COLUMNS),
            Tables.ACTIVITY, columnList(ACTIVITY_COLUMNS),
            Tables.CONVERSATIONS, columnList(CONVERSATIONS_COLUMNS),
            Tables.LEADS, columnList(LEADS_COLUMNS),
            Tables.OVERVIEW_ROLLUP, columnList(OVERVIEW_ROLLUP_COLUMNS),
            Tables.DEAD_LETTERS, columnList(DEAD_LETTERS_COLUMNS),
            Tables.PIPELINE_PROGRESS, columnList(PIPELINE_PROGRESS_COLUMNS),
            Tables.ACCOUNT_VERSIONS, columnList(ACCOUNT_VERSIONS_COLUMNS));

    private Rows() {
    }

    /** The columns of a table's rows, in the order the row writer writes them: "(a, b, c)". */
    public static String columns(String table) {
        String c = COLUMN_LISTS.get(table);
        if (c == null) {
            throw new IllegalArgumentException("no rows are written to " + table);
        }
        return c;
    }

    /** The column names of a table's rows, in the order the row writer writes them. */
    public static List<String> columnNames(String table) {
        String c = columns(table);
        return List.of(c.substring(1, c.length() - 1).split(", "));
    }

    private static String columnList(String[] columns) {
        return "(" + String.join(", ", columns) + ")";
    }

    /**
     * The partition of a row of events, activity or overview_rollup: {@code toYYYYMM} of its
     * DateTime column (occurred_at, bucket_start) as the migrations declare, e.g. 202603. The
     * DateTime is written in UTC, the server's timezone, and clamped at 0 like {@link #dateTime}.
     */
    public static int partition(long epochMs) {
        LocalDate d = LocalDate.ofEpochDay(Math.max(0, epochMs) / 86_400_000L);
        return d.getYear() * 100 + d.getMonthValue();
    }

    /** ClickHouse DateTime text in UTC (the server timezone); seconds, the millis live in *_ms columns. */
    public static String dateTime(long epochMs) {
        byte[] text = new byte[ColumnText.DATE_TIME_MAX_BYTES];
        return new String(text, 0, ColumnText.dateTime(text, 0, epochMs), StandardCharsets.US_ASCII);
    }

    public static TableRow event(Event e) {
        TabSeparatedLine n = new TabSeparatedLine(EVENTS_COLUMNS, 512 + (e.dataJson == null ? 0 : e.dataJson.length()) + (e.description == null ? 0 : e.description.length()));
        n.put("account_id", e.accountId);
        n.put("event_id", e.eventId);
        n.put("type", e.type);
        n.putDateTime("occurred_at", e.occurredMs);
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
        return new TableRow(Tables.EVENTS, e.accountId, n.end(), partition(e.occurredMs));
    }

    public static TableRow activity(Event e, String description, String metadataJson) {
        TabSeparatedLine n = new TabSeparatedLine(ACTIVITY_COLUMNS, 512);
        n.put("account_id", e.accountId);
        n.putDateTime("occurred_at", e.occurredMs);
        n.put("occurred_ms", e.occurredMs);
        n.put("event_id", e.eventId);
        n.put("type", e.type);
        n.put("lead_id", nz(e.leadId));
        n.put("conversation_id", nz(e.conversationId));
        n.put("description", description);
        n.put("metadata", metadataJson);
        return new TableRow(Tables.ACTIVITY, e.accountId, n.end(), partition(e.occurredMs));
    }

    public static TableRow conversation(ConversationState c) {
        TabSeparatedLine n = new TabSeparatedLine(CONVERSATIONS_COLUMNS, 512);
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
        return new TableRow(Tables.CONVERSATIONS, c.accountId, n.end());
    }

    public static TableRow lead(LeadState l) {
        TabSeparatedLine n = new TabSeparatedLine(LEADS_COLUMNS, 512);
        n.put("account_id", l.accountId);
        n.put("lead_id", l.leadId);
        n.put("created", l.created ? 1 : 0);
        n.put("created_ms", l.createdMs);
        n.putDateTime("created_at", l.createdMs);
        n.put("last_activity_ms", l.lastActivityMs);
        n.put("email", nz(l.email));
        n.put("name", nz(l.name));
        n.put("phone", nz(l.phone));
        n.put("company", nz(l.company));
        n.put("status", nz(l.status));
        n.put("score", l.score);
        n.put("source", nz(l.source));
        n.put("source_url", nz(l.sourceUrl));
        n.putStrings("tags", l.tags);
        n.put("assigned_to", nz(l.assignedTo));
        n.put("custom_properties", objectOfStrings(l.customProperties));
        n.put("visitor_id", nz(l.visitorId));
        n.put("conversation_id", nz(l.conversationId));
        n.put("version", l.version);
        return new TableRow(Tables.LEADS, l.accountId, n.end());
    }

    public static TableRow rollup(Contribution c, long version) {
        TabSeparatedLine n = new TabSeparatedLine(OVERVIEW_ROLLUP_COLUMNS, 512);
        n.put("account_id", c.accountId);
        n.putDateTime("bucket_start", c.bucketStartMs);
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
        return new TableRow(Tables.OVERVIEW_ROLLUP, c.accountId, n.end(), partition(c.bucketStartMs));
    }

    public static TableRow deadLetter(long receivedMs, String topic, int partition, long offset, String accountId,
            String reason, String detail, String raw) {
        TabSeparatedLine n = new TabSeparatedLine(DEAD_LETTERS_COLUMNS, 512);
        n.putDateTime("received_at", receivedMs);
        n.put("received_ms", receivedMs);
        n.put("topic", nz(topic));
        n.put("kafka_partition", partition);
        n.put("kafka_offset", offset);
        n.put("account_id", nz(accountId));
        n.put("reason", reason);
        n.put("detail", nz(detail));
        n.put("raw", nz(raw));
        return new TableRow(Tables.DEAD_LETTERS, null, n.end());
    }

    public static TableRow progress(int subtask, long watermarkMs, long updatedMs) {
        TabSeparatedLine n = new TabSeparatedLine(PIPELINE_PROGRESS_COLUMNS, 512);
        n.put("subtask", subtask);
        n.put("watermark_ms", Math.max(0, watermarkMs));
        n.put("updated_ms", updatedMs);
        return new TableRow(Tables.PIPELINE_PROGRESS, null, n.end());
    }

    /** The account's data changed up to this version (written by the sink after the account's rows; no account is read from it). */
    public static TableRow accountVersion(String accountId, long version) {
        TabSeparatedLine n = new TabSeparatedLine(ACCOUNT_VERSIONS_COLUMNS, 64);
        n.put("account_id", accountId);
        n.put("version", version);
        return new TableRow(Tables.ACCOUNT_VERSIONS, null, n.end());
    }

    /** {"k":"v",...} sorted by key, as the custom_properties column holds it. */
    static String objectOfStrings(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return "{}";
        }
        StringBuilder sb = new StringBuilder(64).append('{');
        for (Map.Entry<String, String> kv : (m.size() == 1 ? m : new TreeMap<>(m)).entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            ColumnText.quote(sb, kv.getKey());
            sb.append(':');
            if (kv.getValue() == null) {
                sb.append("null");
            } else {
                ColumnText.quote(sb, kv.getValue());
            }
        }
        return sb.append('}').toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
