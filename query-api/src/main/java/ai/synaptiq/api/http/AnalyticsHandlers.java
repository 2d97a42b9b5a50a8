package ai.synaptiq.api.http;

import ai.synaptiq.api.analytics.ActivityCursor;
import ai.synaptiq.api.analytics.ActivityQuery;
import ai.synaptiq.api.analytics.ActivityService;
import ai.synaptiq.api.analytics.CompareMode;
import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.analytics.FunnelQuery;
import ai.synaptiq.api.analytics.FunnelService;
import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.analytics.OverviewQuery;
import ai.synaptiq.api.analytics.OverviewService;
import ai.synaptiq.api.analytics.TimeRange;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Vocabulary;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The three analytics endpoints: read and validate parameters, ask a service, answer JSON. */
public record AnalyticsHandlers(CachedJsonResponder responder, OverviewService overviews, FunnelService funnels,
                             ActivityService activities, Clock clock) {
    public static final Set<String> OVERVIEW_PARAMETERS = Set.of("startDate", "endDate", "granularity", "compareWith", "timezone");
    public static final Set<String> FUNNEL_PARAMETERS = Set.of("startDate", "endDate", "channel", "source", "timezone");
    public static final Set<String> ACTIVITY_PARAMETERS = Set.of("startDate", "endDate", "type", "leadId", "page", "limit", "cursor", "timezone");

    private static final Map<String, Granularity> GRANULARITIES = byWireName(Granularity.values(), Granularity::wireName);
    private static final Map<String, CompareMode> COMPARE_MODES = byWireName(CompareMode.values(), CompareMode::wireName);
    private static final Map<String, String> CHANNELS = byWireName(Vocabulary.CHANNELS.toArray(String[]::new), s -> s);
    private static final Map<String, String> SOURCES = byWireName(Vocabulary.SOURCES.toArray(String[]::new), s -> s);

    public void overview(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(OVERVIEW_PARAMETERS);
        ZoneId zone = p.zone();
        OverviewQuery query = new OverviewQuery(period(p, zone),
                p.choice("granularity", GRANULARITIES).orElse(Granularity.DAY),
                p.choice("compareWith", COMPARE_MODES), zone);
        responder.respond(ctx, caller, List.of(Tables.OVERVIEW_ROLLUP), query.toString(), () -> overviews.overview(caller.accountId(), query));
    }

    public void funnel(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(FUNNEL_PARAMETERS);
        ZoneId zone = p.zone();
        FunnelQuery query = new FunnelQuery(period(p, zone), p.choice("channel", CHANNELS), p.choice("source", SOURCES), zone);
        responder.respond(ctx, caller, List.of(Tables.EVENTS), query.toString(), () -> funnels.funnel(caller.accountId(), query));
    }

    public void activity(Context ctx) {
        Caller caller = Caller.of(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(ACTIVITY_PARAMETERS);
        ZoneId zone = p.zone();
        Optional<ActivityCursor> cursor = p.text("cursor").map(ActivityCursor::decode);
        Optional<Long> page = p.wholeNumber("page", 1, Integer.MAX_VALUE);
        if (cursor.isPresent() && page.isPresent() && page.get() != 1) {
            throw new InvalidRequestException("page cannot be combined with cursor: the cursor already says where the page starts");
        }
        TimeRange window = TimeRange.activityWindow(p.dateOrInstant("startDate"), p.dateOrInstant("endDate"), zone, clock.instant());
        ActivityQuery query = new ActivityQuery(window,
                p.choices("type", Vocabulary.ACTIVITY_TYPES),
                p.id("leadId"),
                page.orElse(1L),
                p.wholeNumber("limit", 1, ActivityQuery.MAX_LIMIT).orElse((long) ActivityQuery.DEFAULT_LIMIT).intValue(),
                cursor);
        responder.respond(ctx, caller, List.of(Tables.ACTIVITY, Tables.LEAD_ERASURES), query.toString(), () -> activities.activity(caller.accountId(), query));
    }

    /** startDate/endDate as whole days in the zone, with the defaults of {@link DateRange#withDefaults}. */
    private DateRange period(RequestParams p, ZoneId zone) {
        return DateRange.withDefaults(p.date("startDate"), p.date("endDate"), zone, clock);
    }

    private static <T> Map<String, T> byWireName(T[] values, Function<T, String> wireName) {
        return Arrays.stream(values).collect(Collectors.toUnmodifiableMap(wireName, v -> v));
    }
}
