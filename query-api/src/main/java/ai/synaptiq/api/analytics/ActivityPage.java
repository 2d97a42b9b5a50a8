package ai.synaptiq.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The activity response body (analytics-api.md) plus {@code nextCursor} for keyset paging. */
public record ActivityPage(List<Item> data, Pagination pagination, String nextCursor) {

    public record Item(String id, String type, String leadId, String conversationId, String description,
                       JsonNode metadata, String occurredAt) {
    }

    /** {@code total} counts every match of the filters, whatever the page; nextCursor is repeated here for convenience. */
    public record Pagination(long page, int limit, long total, long totalPages, boolean hasMore, String nextCursor) {
    }
}
