package ai.synaptiq.api.analytics;

import ai.synaptiq.schemas.clickhouse.Sql;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** How the overview's timeSeries cuts the period (docs/metrics.md §2). */
public enum Granularity {
    /** Each day. */
    DAY("day"),
    /** 7-day buckets counted from startDate; the last one may be shorter. */
    WEEK("week"),
    /** Calendar months clipped to the period. */
    MONTH("month");

    private final String wireName;

    Granularity(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public List<DateRange> buckets(DateRange period) {
        return switch (this) {
            case DAY -> period.splitEvery(1);
            case WEEK -> period.splitEvery(7);
            case MONTH -> period.splitByMonth();
        };
    }

    /**
     * SQL giving the first day of the bucket of a row, whose DateTime column {@code dateTimeColumn}
     * falls on a day of {@code zone}, in a period starting on {@code start}: the rule of
     * {@link #buckets}, in ClickHouse's terms.
     */
    String bucketStartSql(String dateTimeColumn, ZoneId zone, LocalDate start) {
        String day = "toDate(" + dateTimeColumn + ", " + Sql.quote(zone.getId()) + ")";
        String first = "toDate(" + Sql.quote(start.toString()) + ")";
        return switch (this) {
            case DAY -> day;
            case WEEK -> first + " + intDiv(" + day + " - " + first + ", 7) * 7";
            case MONTH -> "greatest(toStartOfMonth(" + day + "), " + first + ")";
        };
    }
}
