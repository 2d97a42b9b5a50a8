package ai.synaptiq.api.data;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What ClickHouse holds at one moment, cheaply: the event time up to which the pipeline has
 * processed everything ({@code dataCompleteUntil}) and a version of each table that changes with
 * every insert, merge or mutation. Responses and key lookups are cached against these versions.
 */
public record DataState(Optional<Instant> dataCompleteUntil, Map<String, String> tableVersions) {

    /** The version of a table (fully qualified name, as in {@code Tables}); "" when it has no data. */
    public String version(String table) {
        return tableVersions.getOrDefault(table, "");
    }
}
