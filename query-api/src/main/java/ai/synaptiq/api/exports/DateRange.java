package ai.synaptiq.api.exports;

import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.api.errors.InvalidRequestException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole days in a timezone: {@code start} and {@code end} inclusive, either may be null (open).
 * The one date-range type of the exports: filters, report periods and scheduled periods.
 */
public record DateRange(LocalDate start, LocalDate end, ZoneId zone) {
    public DateRange {
        if (start != null && end != null && start.isAfter(end)) {
            throw new InvalidRequestException("startDate " + start + " is after endDate " + end);
        }
    }

    public static DateRange allTime(ZoneId zone) {
        return new DateRange(null, null, zone);
    }

    /** {@code startDate}, {@code endDate} and {@code timezone} of the parameters; open where absent. */
    public static DateRange of(RequestParams p) {
        return new DateRange(p.date("startDate").orElse(null), p.date("endDate").orElse(null), p.zone());
    }

    public boolean isOpen() {
        return start == null || end == null;
    }

    /** First millisecond of {@code start} in the zone. */
    public long startMs() {
        return start.atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** First millisecond after {@code end} in the zone. */
    public long endExclusiveMs() {
        return end.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    /** An SQL condition on an epoch-millisecond column; {@code 1} when the range is open both ways. */
    public String sqlOn(String msColumn) {
        List<String> c = new ArrayList<>();
        if (start != null) {
            c.add(msColumn + " >= " + startMs());
        }
        if (end != null) {
            c.add(msColumn + " < " + endExclusiveMs());
        }
        return c.isEmpty() ? "1" : String.join(" AND ", c);
    }

    public boolean contains(long epochMs) {
        return (start == null || epochMs >= startMs()) && (end == null || epochMs < endExclusiveMs());
    }

    /** Number of days, both ends included (closed ranges only). */
    public long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    /** The same days as a period of the analytics API, which time series cut into buckets (closed ranges only). */
    public ai.synaptiq.api.analytics.DateRange period() {
        return new ai.synaptiq.api.analytics.DateRange(start, end);
    }

    /** The days of a period of the analytics API in {@code zone}. */
    public static DateRange of(ai.synaptiq.api.analytics.DateRange period, ZoneId zone) {
        return new DateRange(period.startDate(), period.endDate(), zone);
    }
}
