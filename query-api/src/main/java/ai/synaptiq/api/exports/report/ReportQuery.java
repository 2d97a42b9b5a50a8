package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.CompareMode;
import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.analytics.FunnelQuery;
import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.schemas.events.Vocabulary;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an analytics report covers: the period and segment of a funnel request ({@code startDate},
 * {@code endDate}, {@code timezone}, {@code channel}, {@code source}, with the analytics API's
 * defaults and limits) cut into buckets by {@code granularity} (default day).
 */
public record ReportQuery(FunnelQuery funnel, Granularity granularity) {
    public static final Set<String> PARAMETERS = Set.of("format", "startDate", "endDate", "timezone", "granularity", "channel", "source");
    private static final Map<String, Granularity> GRANULARITIES = Arrays.stream(Granularity.values())
            .collect(Collectors.toUnmodifiableMap(Granularity::wireName, g -> g));

    public static ReportQuery of(RequestParams p, Clock clock) {
        ZoneId zone = p.zone();
        DateRange period = DateRange.withDefaults(p.date("startDate"), p.date("endDate"), zone, clock);
        return new ReportQuery(new FunnelQuery(period, p.choice("channel", Vocabulary.CHANNELS), p.choice("source", Vocabulary.SOURCES), zone),
                p.choice("granularity", GRANULARITIES).orElse(Granularity.DAY));
    }

    public DateRange period() {
        return funnel.period();
    }

    public ZoneId zone() {
        return funnel.zone();
    }

    /** The same segment over the same number of days right before the period. */
    public ReportQuery previousPeriod() {
        DateRange previous = CompareMode.PREVIOUS_PERIOD.comparedPeriod(period());
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
