package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.errors.UnprocessableException;
import ai.synaptiq.api.exports.DateRange;
import ai.synaptiq.api.exports.ExportParams;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The period of an analytics report: whole days in {@code timezone}, {@code startDate}..{@code endDate}
 * inclusive (default: the 30 days before today, and today), cut by {@code granularity} (default day).
 * At most 365 days, as for the analytics API.
 */
public record ReportPeriod(DateRange range, Granularity granularity) {
    public static final Set<String> PARAMETERS = Set.of("format", "startDate", "endDate", "timezone", "granularity");
    public static final int MAX_DAYS = 365;

    public ReportPeriod {
        if (range.days() > MAX_DAYS) {
            throw new UnprocessableException("the report period spans " + range.days() + " days; at most " + MAX_DAYS + " are allowed");
        }
    }

    public static ReportPeriod of(ExportParams p, Clock clock) {
        ZoneId zone = p.zone();
        LocalDate end = p.date("endDate").orElse(LocalDate.now(clock.withZone(zone)));
        LocalDate start = p.date("startDate").orElse(end.minusDays(30));
        String g = p.choice("granularity", Set.of("day", "week", "month"), "day");
        return new ReportPeriod(new DateRange(start, end, zone), Granularity.valueOf(g.toUpperCase(Locale.ROOT)));
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startDate", range.start().toString());
        m.put("endDate", range.end().toString());
        m.put("granularity", granularity.wireName());
        m.put("timezone", range.zone().getId());
        return m;
    }
}
