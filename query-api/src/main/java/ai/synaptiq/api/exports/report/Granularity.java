package ai.synaptiq.api.exports.report;

import ai.synaptiq.schemas.clickhouse.Sql;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a report period is cut into rows, as the overview API cuts its time series: day: each day;
 * week: 7-day buckets counted from the period's first day, the last one possibly shorter; month:
 * calendar months clipped to the period.
 */
public enum Granularity {
    DAY, WEEK, MONTH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The buckets of {@code [start, end]}, each {@code [first day, last day]}. */
    public List<LocalDate[]> buckets(LocalDate start, LocalDate end) {
        List<LocalDate[]> out = new ArrayList<>();
        LocalDate from = start;
        while (!from.isAfter(end)) {
            LocalDate to = switch (this) {
                case DAY -> from;
                case WEEK -> from.plusDays(6);
                case MONTH -> from.withDayOfMonth(from.lengthOfMonth());
            };
            if (to.isAfter(end)) {
                to = end;
            }
            out.add(new LocalDate[] {from, to});
            from = to.plusDays(1);
        }
        return out;
    }

    /** SQL giving the first day of the bucket of {@code day} (a Date expression). */
    String bucketSql(String day, LocalDate start) {
        String first = "toDate(" + Sql.quote(start.toString()) + ")";
        return switch (this) {
            case DAY -> day;
            case WEEK -> first + " + intDiv(" + day + " - " + first + ", 7) * 7";
            case MONTH -> "greatest(toStartOfMonth(" + day + "), " + first + ")";
        };
    }
}
