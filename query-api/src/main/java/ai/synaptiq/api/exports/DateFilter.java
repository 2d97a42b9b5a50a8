package ai.synaptiq.api.exports;

import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.http.RequestParams;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The date filter of an export (lead creation, conversation start, audit log, annotations): whole
 * days in a timezone, {@code start} and {@code end} inclusive, either may be null (open). A closed
 * period, with its defaults and limits, is a {@link DateRange}.
 */
public record DateFilter(LocalDate start, LocalDate end, ZoneId zone) {
    public DateFilter {
        if (start != null && end != null && start.isAfter(end)) {
            throw new InvalidRequestException("startDate " + start + " is after endDate " + end);
        }
    }

    public static DateFilter allTime(ZoneId zone) {
        return new DateFilter(null, null, zone);
    }

    /** {@code startDate}, {@code endDate} and {@code timezone} of the parameters; open where absent. */
    public static DateFilter of(RequestParams p) {
        return new DateFilter(p.date("startDate").orElse(null), p.date("endDate").orElse(null), p.zone());
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

    /** The days of a period in {@code zone}. */
    public static DateFilter of(DateRange period, ZoneId zone) {
        return new DateFilter(period.startDate(), period.endDate(), zone);
    }
}
