package ai.synaptiq.api.data;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What ClickHouse holds at one moment, cheaply: the event time up to which the pipeline has
 * processed everything ({@code dataCompleteUntil}); per table, a version that changes with every
 * insert ({@code blocks}) and one that changes only when rows leave other than by a merge
 * ({@code layout}: dropped partitions, finished mutations such as erasure); and per account, the
 * version the pipeline gives each account's data after every insert holding its rows.
 */
public record DataState(Optional<Instant> dataCompleteUntil, Map<String, String> blocks, Map<String, String> layout,
                        Map<String, String> accounts) {

    /** The version of a whole table (fully qualified name, as in {@code Tables}); "" when it has no data. */
    public String version(String table) {
        return blocks.getOrDefault(table, "") + "/" + layout.getOrDefault(table, "");
    }

    /**
     * The version of one account's rows of a table: the account's version and the table's layout,
     * so other accounts' inserts leave it alone; the whole table's version for an account the
     * pipeline has never written (rows loaded around it).
     */
    public String version(String table, String accountId) {
        String account = accounts.get(accountId);
        return account == null ? version(table) : "a" + account + "/" + layout.getOrDefault(table, "");
    }
}
