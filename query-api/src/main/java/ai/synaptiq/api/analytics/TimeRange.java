package ai.synaptiq.api.analytics;

/** Instants from {@code fromMs} (inclusive) to {@code untilMs} (exclusive), in epoch milliseconds. */
public record TimeRange(long fromMs, long untilMs) {

    /** SQL that keeps rows whose DateTime column (whole seconds) falls in the range. */
    String secondsCondition(String column) {
        return column + " >= " + SqlLiteral.dateTime(Math.floorDiv(fromMs, 1000))
                + " AND " + column + " < " + SqlLiteral.dateTime(Math.floorDiv(untilMs - 1, 1000) + 1);
    }

    /**
     * SQL that keeps rows whose epoch-millisecond column falls in the range; the DateTime column
     * next to it narrows the scan to the partitions and index marks concerned.
     */
    String millisCondition(String dateTimeColumn, String millisColumn) {
        return secondsCondition(dateTimeColumn)
                + " AND " + millisColumn + " >= " + SqlLiteral.uint64(Math.max(0, fromMs))
                + " AND " + millisColumn + " < " + SqlLiteral.uint64(Math.max(0, untilMs));
    }
}
