package ai.synaptiq.api.exports.conversations;

import ai.synaptiq.api.exports.ChangeWindow;
import ai.synaptiq.api.exports.DateFilter;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.events.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which conversations an export holds: an explicit selection ({@code conversationId}, replacing
 * the other filters), or all of a lead's ({@code leadId}) and/or those started in a date range
 * ({@code startDate}..{@code endDate} in {@code timezone}) on given {@code channel}s.
 * {@code timezone} also sets the clock times of the TXT transcript.
 */
public record ConversationFilter(List<String> conversationIds, List<String> leadIds, DateFilter started, List<String> channels,
        ChangeWindow changes) {
    public static final Set<String> PARAMETERS = Set.of("format", "conversationId", "leadId", "startDate", "endDate", "timezone", "channel");

    public static ConversationFilter of(RequestParams p) {
        return new ConversationFilter(p.ids("conversationId"), p.ids("leadId"), DateFilter.of(p), p.choices("channel", Vocabulary.CHANNELS), null);
    }

    /** The same filter, narrowed to the conversations whose latest version is in an incremental run's window (null: no narrowing). */
    public ConversationFilter within(ChangeWindow window) {
        return new ConversationFilter(conversationIds, leadIds, started, channels, window);
    }

    /** True when the export names exactly one conversation: its transcript has no conversation header. */
    public boolean single() {
        return conversationIds.size() == 1;
    }

    /** The conditions on {@code synaptiq.conversations} columns, joined with AND. */
    public String sql() {
        List<String> c = new ArrayList<>();
        if (changes != null) {
            c.add(changes.sql());
        }
        if (!conversationIds.isEmpty()) {
            c.add("conversation_id IN (" + Sql.quoteEach(conversationIds) + ")");
            return String.join(" AND ", c);
        }
        if (!leadIds.isEmpty()) {
            c.add("lead_id IN (" + Sql.quoteEach(leadIds) + ")");
        }
        c.add(started.sqlOn("started_ms"));
        if (!channels.isEmpty()) {
            c.add("channel IN (" + Sql.quoteEach(channels) + ")");
        }
        return String.join(" AND ", c);
    }

    /** The filters as the audit log records them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (changes != null) {
            changes.describeInto(m);
        }
        if (!conversationIds.isEmpty()) {
            m.put("conversationId", conversationIds);
            return m;
        }
        if (!leadIds.isEmpty()) {
            m.put("leadId", leadIds);
        }
        if (started.start() != null) {
            m.put("startDate", started.start().toString());
        }
        if (started.end() != null) {
            m.put("endDate", started.end().toString());
        }
        if (!channels.isEmpty()) {
            m.put("channel", channels);
        }
        m.put("timezone", started.zone().getId());
        return m;
    }
}
