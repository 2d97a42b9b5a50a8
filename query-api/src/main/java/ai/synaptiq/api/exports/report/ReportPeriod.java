package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.errors.UnprocessableException;
import ai.synaptiq.api.exports.DateRange;
import ai.synaptiq.api.exports.ExportParams;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The period of an analytics report: whole days in {@code timezone}, {@code startDate}..{@code endDate}
 * inclusive, cut by {@code granularity} (default day): the same defaults and 365-day limit as the
 * analytics API ({@link ai.synaptiq.api.analytics.DateRange#withDefaults}).
 */
public record ReportPeriod(DateRange range, Granularity granularity) {
    public static final Set<String> PARAMETERS = Set.of("format", "startDate", "endDate", "timezone", "granularity");
    public static final int MAX_DAYS = ai.synaptiq.api.analytics.DateRange.MAX_DAYS;

    public ReportPeriod {
        if (range.days() > MAX_DAYS) {
            throw new UnprocessableException("the report period spans " + range.days() + " days; at most " + MAX_DAYS + " are allowed");
        }
    }

    public static ReportPeriod of(ExportParams p, Clock clock) {
        ZoneId zone = p.zone();
        ai.synaptiq.api.analytics.DateRange days = ai.synaptiq.api.analytics.DateRange.withDefaults(p.date("startDate"), p.date("endDate"), zone, clock);
        String g = p.choice("granularity", Set.of("day", "week", "month"), "day");
        return new ReportPeriod(new DateRange(days.startDate(), days.endDate(), zone), Granularity.valueOf(g.toUpperCase(Locale.ROOT)));
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
