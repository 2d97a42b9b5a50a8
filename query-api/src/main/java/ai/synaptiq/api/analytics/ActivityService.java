package ai.synaptiq.api.analytics;

import ai.synaptiq.api.exports.governance.ErasedIds;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.PersonalData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/** One page of an account's activity feed from synaptiq.activity, newest first (occurredAt, then id). */
public final class ActivityService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseClient clickHouse;

    public ActivityService(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    public ActivityPage activity(String accountId, ActivityQuery query) {
        JsonNode counts = clickHouse.queryRows(countSql(accountId, query)).get(0);
        long total = counts.get("total").asLong();
        long skipped = query.cursor().isPresent() ? counts.get("before").asLong() : (query.page() - 1) * query.limit();
        long page = query.cursor().isPresent() ? skipped / query.limit() + 1 : query.page();

        List<ActivityPage.Item> items = new ArrayList<>();
        ActivityCursor last = null;
        if (skipped < total) {
            for (JsonNode row : clickHouse.queryRows(pageSql(accountId, query))) {
                items.add(item(row));
                last = new ActivityCursor(row.get("occurred_ms").asLong(), row.get("event_id").asText());
            }
        }
        boolean hasMore = skipped + items.size() < total;
        String nextCursor = hasMore && last != null ? last.encode() : null;
        long totalPages = (total + query.limit() - 1) / query.limit();
        return new ActivityPage(items, new ActivityPage.Pagination(page, query.limit(), total, totalPages, hasMore, nextCursor), nextCursor);
    }

    /** Counts every match ({@code total}) and, with a cursor, those before it ({@code before}). */
    public String countSql(String accountId, ActivityQuery query) {
        String before = query.cursor().map(c -> ", countIf(NOT " + c.olderCondition() + ") AS before").orElse("");
        return "SELECT count() AS total" + before + from(accountId, query);
    }

    /** The page's rows: after the cursor, or at the page number's offset. */
    public String pageSql(String accountId, ActivityQuery query) {
        long offset = query.cursor().isPresent() ? 0 : (query.page() - 1) * query.limit();
        return "SELECT event_id, type, lead_id, conversation_id, description, metadata, occurred_ms" + from(accountId, query)
                + query.cursor().map(c -> " AND " + c.olderCondition()).orElse("")
                + " ORDER BY occurred_ms DESC, event_id DESC"
                + " LIMIT " + offset + ", " + query.limit();
    }

    private static String from(String accountId, ActivityQuery query) {
        StringBuilder where = new StringBuilder(" FROM ").append(Tables.ACTIVITY).append(" FINAL WHERE account_id = ").append(Sql.quote(accountId))
                .append(" AND ").append(query.window().millisCondition("occurred_at", "occurred_ms"));
        if (!query.types().isEmpty()) {
            where.append(" AND type IN (").append(Sql.quoteEach(query.types())).append(")");
        }
        query.leadId().ifPresent(id -> where.append(" AND lead_id = ").append(Sql.quote(id)));
        // An erased lead's items are hidden as soon as its tombstone is written, before the deleting mutations finish.
        where.append(" AND ").append(ErasedIds.notLead(accountId, "lead_id")).append(" AND ").append(ErasedIds.notConversation(accountId, "conversation_id"));
        return where.toString();
    }

    private static ActivityPage.Item item(JsonNode row) {
        return new ActivityPage.Item(row.get("event_id").asText(), row.get("type").asText(), emptyAsNull(row.get("lead_id").asText()),
                emptyAsNull(row.get("conversation_id").asText()), row.get("description").asText(), metadata(row.get("metadata").asText()),
                IsoInstant.format(row.get("occurred_ms").asLong()));
    }

    /** The stored metadata without personal fields: rows written before the pipeline stripped them at every depth are cleaned here. */
    private static JsonNode metadata(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                return JSON.createObjectNode();
            }
            PersonalData.strip(node);
            return node;
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static String emptyAsNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
