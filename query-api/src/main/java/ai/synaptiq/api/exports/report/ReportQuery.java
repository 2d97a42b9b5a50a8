package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.analytics.FunnelQuery;
import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.exports.ExportParams;
import ai.synaptiq.schemas.events.Vocabulary;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an analytics report covers: the period and segment of a funnel request ({@code startDate},
 * {@code endDate}, {@code timezone}, {@code channel}, {@code source}, with the analytics API's
 * defaults and limits) cut into buckets by {@code granularity} (default day).
 */
public record ReportQuery(FunnelQuery funnel, Granularity granularity) {
    public static final Set<String> PARAMETERS = Set.of("format", "startDate", "endDate", "timezone", "granularity", "channel", "source");
    private static final Set<String> GRANULARITIES = java.util.Arrays.stream(Granularity.values()).map(Granularity::wireName)
            .collect(Collectors.toUnmodifiableSet());

    public static ReportQuery of(ExportParams p, Clock clock) {
        ZoneId zone = p.zone();
        DateRange period = DateRange.withDefaults(p.date("startDate"), p.date("endDate"), zone, clock);
        String g = p.choice("granularity", GRANULARITIES, Granularity.DAY.wireName());
        return new ReportQuery(new FunnelQuery(period, Optional.ofNullable(p.choice("channel", Vocabulary.CHANNELS, null)),
                Optional.ofNullable(p.choice("source", Vocabulary.SOURCES, null)), zone), Granularity.valueOf(g.toUpperCase(Locale.ROOT)));
    }

    public DateRange period() {
        return funnel.period();
    }

    public ZoneId zone() {
        return funnel.zone();
    }

    /** The same segment over the same number of days right before the period. */
    public ReportQuery previousPeriod() {
        DateRange p = period();
        DateRange previous = new DateRange(p.startDate().minusDays(p.days()), p.startDate().minusDays(1));
        return new ReportQuery(new FunnelQuery(previous, funnel.channel(), funnel.source(), funnel.zone()), granularity);
    }

    /** Whether a channel or a source narrows the report. */
    public boolean segmented() {
        return funnel.channel().isPresent() || funnel.source().isPresent();
    }

    /** Which events the report counts, as the file states it: {@code all channels, all sources}, {@code channel whatsapp, all sources}... */
    public String segment() {
        return funnel.channel().map(c -> "channel " + c).orElse("all channels") + ", "
                + funnel.source().map(s -> "source " + s).orElse("all sources");
    }

    /** The parameters as the audit log and run history record them. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startDate", period().startDate().toString());
        m.put("endDate", period().endDate().toString());
        m.put("granularity", granularity.wireName());
        m.put("timezone", zone().getId());
        funnel.channel().ifPresent(c -> m.put("channel", c));
        funnel.source().ifPresent(s -> m.put("source", s));
        return m;
    }
}
