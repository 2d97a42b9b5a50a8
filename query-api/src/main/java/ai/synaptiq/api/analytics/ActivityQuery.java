package ai.synaptiq.api.analytics;

import java.util.List;
import java.util.Optional;

/**
 * A validated activity request. {@code types} is sorted and empty for all public types; with a
 * {@code cursor} the page starts right after it and {@code page} is not used.
 */
public record ActivityQuery(TimeRange window, List<String> types, Optional<String> leadId, long page, int limit,
                            Optional<ActivityCursor> cursor) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
}
