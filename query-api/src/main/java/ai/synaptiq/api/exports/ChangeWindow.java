package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.format.Values;
import java.util.Map;

/**
 * The rows an incremental run takes (docs/exports.md, "Incremental schedules"): those whose latest
 * version ClickHouse wrote ({@code changed_at}, its own clock, whole seconds) after {@code afterSec}
 * and at or before {@code untilSec}; {@code afterSec} 0 is a first run, which takes every row
 * written up to {@code untilSec}.
 */
public record ChangeWindow(long afterSec, long untilSec) {

    /** The condition on a table with a {@code changed_at} column. */
    public String sql() {
        return (afterSec > 0 ? "changed_at > toDateTime(" + afterSec + ") AND " : "") + "changed_at <= toDateTime(" + untilSec + ")";
    }

    /** Adds the window to the filters as the audit log records them. */
    public void describeInto(Map<String, Object> filters) {
        if (afterSec > 0) {
            filters.put("changedAfter", Values.instant(afterSec * 1000));
        }
        filters.put("changedUntil", Values.instant(untilSec * 1000));
    }
}
