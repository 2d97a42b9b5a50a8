package ai.synaptiq.api.analytics;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
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
 * of 15 minutes). One query reads the current and the compared period together.
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

    private static OverviewMeasures total(Map<LocalDate, OverviewMeasures> byDay, DateRange range) {
        OverviewMeasures sum = OverviewMeasures.NONE;
        for (LocalDate d = range.startDate(); !d.isAfter(range.endDate()); d = d.plusDays(1)) {
            sum = sum.plus(byDay.getOrDefault(d, OverviewMeasures.NONE));
        }
        return sum;
    }
}
