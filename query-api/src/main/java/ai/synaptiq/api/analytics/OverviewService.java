package ai.synaptiq.api.analytics;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Summary, comparison and time series of an account, from the 15-minute rollup grouped into the
 * request's days with {@code toDate(bucket_start, zone)} (exact: every zone's offsets are multiples
 * of 15 minutes). One query reads the current and the compared period together. The analytics
 * report's conversation quality (median AI response time, engagement score) comes from here too,
 * from the events, since a median cannot be summed from the rollup.
 */
public final class OverviewService {
    private final ClickHouseClient clickHouse;

    public OverviewService(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    public OverviewReport overview(String accountId, OverviewQuery query) {
        DateRange current = query.period();
        Optional<DateRange> compared = query.compareWith().map(mode -> mode.comparedPeriod(current));
        Map<LocalDate, OverviewMeasures> byDay = new HashMap<>();
        for (JsonNode row : clickHouse.queryRows(sql(accountId, query))) {
            byDay.put(LocalDate.parse(row.get("day").asText()), OverviewMeasures.fromRow(row));
        }

        OverviewReport.Summary summary = OverviewReport.Summary.of(total(byDay, current));
        OverviewReport.Comparison comparison = compared
                .map(p -> OverviewReport.Comparison.of(p, summary, OverviewReport.Summary.of(total(byDay, p))))
                .orElse(null);
        List<OverviewReport.TimeSeriesPoint> series = query.granularity().buckets(current).stream()
                .map(bucket -> OverviewReport.TimeSeriesPoint.of(bucket, total(byDay, bucket)))
                .toList();
        return new OverviewReport(OverviewReport.Period.of(current), summary, comparison, series);
    }

    /**
     * The one statement an overview runs: the measures per day of the zone, for the period and the
     * compared one. A bucket's row is rewritten (higher version) while its bucket fills and until
     * the rewrites are merged, so each bucket counts with its highest version (argMax, grouped by
     * bucket): exact with any number of unmerged row versions, and without FINAL, which would merge
     * every part of the account's range on each read.
     */
    public String sql(String accountId, OverviewQuery query) {
        ZoneId zone = query.zone();
        List<DateRange> periods = new ArrayList<>(List.of(query.period()));
        query.compareWith().ifPresent(mode -> periods.add(mode.comparedPeriod(query.period())));
        List<String> spans = periods.stream().map(p -> "(" + p.in(zone).secondsCondition("bucket_start") + ")").toList();
        String latest = OverviewMeasures.COLUMNS.stream().map(c -> "argMax(" + c + ", version) AS latest_" + c).collect(Collectors.joining(", "));
        String sums = OverviewMeasures.COLUMNS.stream().map(c -> "sum(latest_" + c + ") AS " + c).collect(Collectors.joining(", "));
        return "SELECT toString(toDate(bucket_start, " + Sql.quote(zone.getId()) + ")) AS day, " + sums
                + " FROM (SELECT bucket_start, " + latest + " FROM " + Tables.OVERVIEW_ROLLUP
                + " WHERE account_id = " + Sql.quote(accountId) + " AND (" + String.join(" OR ", spans) + ")"
                + " GROUP BY bucket_start)"
                + " GROUP BY day";
    }

    /** {@link ConversationQuality} of the query's whole period, in its segment (channel, source). */
    public ConversationQuality conversationQuality(String accountId, FunnelQuery query) {
        JsonNode rows = clickHouse.queryRows(qualitySql(accountId, query, "toDate(" + Sql.quote(query.period().startDate().toString()) + ")"));
        return rows.size() == 0 ? ConversationQuality.NONE : ConversationQuality.of(rows.get(0));
    }

    /** {@link ConversationQuality} of each bucket of the period, keyed by its first day; a bucket without messages or endings is absent. */
    public Map<LocalDate, ConversationQuality> conversationQualityByBucket(String accountId, FunnelQuery query, Granularity granularity) {
        Map<LocalDate, ConversationQuality> byBucket = new HashMap<>();
        String bucket = granularity.bucketStartSql("occurred_at", query.zone(), query.period().startDate());
        for (JsonNode row : clickHouse.queryRows(qualitySql(accountId, query, bucket))) {
            byBucket.put(LocalDate.parse(row.get("bucket").asText()), ConversationQuality.of(row));
        }
        return byBucket;
    }

    /**
     * Medians are not summable, so these figures come from the events themselves (FINAL: each
     * event once), grouped by {@code bucket}, in the segment of the funnel's rules.
     */
    private static String qualitySql(String accountId, FunnelQuery query, String bucket) {
        String aiTimed = "type = " + Sql.quote(EventType.MESSAGE_SENT.wireName()) + " AND sender = 'ai' AND isNotNull(response_time_ms)";
        String scored = "type = " + Sql.quote(EventType.CONVERSATION_ENDED.wireName()) + " AND isNotNull(engagement_score)";
        return "SELECT toString(" + bucket + ") AS bucket,"
                + " arraySort(groupArrayIf(assumeNotNull(response_time_ms), " + aiTimed + ")) AS response_times,"
                + " length(response_times) AS timed_ai_messages,"
                + " if(timed_ai_messages = 0, 0, if(timed_ai_messages % 2 = 1, response_times[intDiv(timed_ai_messages, 2) + 1],"
                + " (response_times[intDiv(timed_ai_messages, 2)] + response_times[intDiv(timed_ai_messages, 2) + 1]) / 2)) AS median_response_ms,"
                + " countIf(" + scored + ") AS scored_endings,"
                + " sumIf(assumeNotNull(engagement_score), " + scored + ") AS engagement_sum"
                + " FROM " + Tables.EVENTS + " FINAL WHERE account_id = " + Sql.quote(accountId)
                + " AND type IN (" + Sql.quoteEach(List.of(EventType.MESSAGE_SENT.wireName(), EventType.CONVERSATION_ENDED.wireName())) + ")"
                + " AND " + query.period().in(query.zone()).millisCondition("occurred_at", "occurred_ms")
                + FunnelService.segment(accountId, query)
                + " GROUP BY bucket";
    }

    private static OverviewMeasures total(Map<LocalDate, OverviewMeasures> byDay, DateRange range) {
        OverviewMeasures sum = OverviewMeasures.NONE;
        for (LocalDate d = range.startDate(); !d.isAfter(range.endDate()); d = d.plusDays(1)) {
            sum = sum.plus(byDay.getOrDefault(d, OverviewMeasures.NONE));
        }
        return sum;
    }
}
