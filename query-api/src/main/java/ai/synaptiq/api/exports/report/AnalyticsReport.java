package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.Granularity;
import ai.synaptiq.api.exports.DateRange;
import ai.synaptiq.api.exports.format.CsvWriter;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.ErasedIds;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The analytics report's figures, computed from {@code synaptiq.events FINAL} (docs/exports.md, "Analytics
 * report"): per bucket of the period, for the period as a whole, the funnel and the top leads.
 */
public final class AnalyticsReport {
    public static final List<String> CSV_COLUMNS = List.of("date", "total_leads", "qualified_leads", "conversations",
            "conversion_rate", "avg_response_time_ms", "engagement_score", "widget_engagement_rate");

    private final ClickHouseClient clickHouse;

    public AnalyticsReport(ClickHouseClient clickHouse) {
        this.clickHouse = clickHouse;
    }

    /** One row per bucket of the period, empty buckets included. */
    public List<ReportRow> rows(String accountId, ReportPeriod period) {
        DateRange r = period.range();
        Map<String, Measures> byBucket = new HashMap<>();
        for (JsonNode row : clickHouse.queryRows(measuresQuery(accountId, r, bucketStart(period.granularity(), day(r), r.start())))) {
            byBucket.put(row.path("bucket").asText(), Measures.of(row));
        }
        List<ReportRow> rows = new ArrayList<>();
        for (var b : period.granularity().buckets(r.period())) {
            rows.add(new ReportRow(b.startDate(), b.endDate(), byBucket.getOrDefault(b.startDate().toString(), Measures.NONE)));
        }
        return rows;
    }

    /**
     * SQL giving the first day of the bucket of {@code day} (a Date expression): the rule of
     * {@link Granularity#buckets}, as the overview's time series cuts a period, in ClickHouse's terms.
     */
    private static String bucketStart(Granularity granularity, String day, LocalDate start) {
        String first = "toDate(" + Sql.quote(start.toString()) + ")";
        return switch (granularity) {
            case DAY -> day;
            case WEEK -> first + " + intDiv(" + day + " - " + first + ", 7) * 7";
            case MONTH -> "greatest(toStartOfMonth(" + day + "), " + first + ")";
        };
    }

    /** The measures of the whole range (a median of the range, not of its buckets). */
    public Measures totals(String accountId, DateRange range) {
        JsonNode rows = clickHouse.queryRows(measuresQuery(accountId, range, "toDate(" + Sql.quote(range.start().toString()) + ")"));
        return rows.size() == 0 ? Measures.NONE : Measures.of(rows.get(0));
    }

    /** The six funnel stages over the range: distinct visitors, conversations and leads with each event. */
    public List<FunnelStage> funnel(String accountId, DateRange range) {
        JsonNode row = clickHouse.queryRows("SELECT uniqExactIf(visitor_id, type = 'visitor.session_started') AS s0,"
                + " uniqExactIf(conversation_id, type = 'conversation.started') AS s1,"
                + " uniqExactIf(lead_id, type = 'lead.created') AS s2, uniqExactIf(lead_id, type = 'lead.qualified') AS s3,"
                + " uniqExactIf(lead_id, type = 'meeting.booked') AS s4, uniqExactIf(lead_id, type = 'conversion.completed') AS s5"
                + " FROM " + Tables.EVENTS + " FINAL WHERE " + eventsIn(accountId, range)).get(0);
        List<FunnelStage> stages = new ArrayList<>();
        for (int i = 0; i < FunnelStage.NAMES.size(); i++) {
            stages.add(new FunnelStage(FunnelStage.NAMES.get(i), row.path("s" + i).asLong()));
        }
        return stages;
    }

    /** The highest-scoring leads created in the range, best first. */
    public List<TopLead> topLeads(String accountId, DateRange range, int limit) {
        List<TopLead> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT lead_id, name, email, company, score, status FROM " + Tables.LEADS
                + " FINAL WHERE account_id = " + Sql.quote(accountId) + " AND created = 1 AND " + range.sqlOn("created_ms")
                + " AND " + ErasedIds.notLead(accountId, "lead_id")
                + " ORDER BY score DESC, created_ms, lead_id LIMIT " + limit)) {
            out.add(new TopLead(r.path("lead_id").asText(), r.path("name").asText(), r.path("email").asText(),
                    r.path("company").asText(), r.path("score").asDouble(), r.path("status").asText()));
        }
        return out;
    }

    /** The CSV: one row per bucket; returns the number of rows. */
    public long writeCsv(String accountId, ReportPeriod period, OutputStream out) {
        CsvWriter csv = new CsvWriter(out);
        CSV_COLUMNS.forEach(csv::text);
        csv.endRow();
        long n = 0;
        for (ReportRow row : rows(accountId, period)) {
            Measures m = row.measures();
            csv.text(row.start().toString())
                    .number(Long.toString(m.totalLeads()))
                    .number(Long.toString(m.qualifiedLeads()))
                    .number(Long.toString(m.conversations()))
                    .number(Values.rounded(m.conversionRate(), 4))
                    .number(m.avgResponseTimeMs() == null ? null : Values.rounded(m.avgResponseTimeMs(), 1))
                    .number(m.engagementScore() == null ? null : Values.rounded(m.engagementScore(), 1))
                    .number(Values.rounded(m.widgetEngagementRate(), 4))
                    .endRow();
            n++;
        }
        csv.flush();
        return n;
    }

    private static String day(DateRange r) {
        return "toDate(occurred_at, " + Sql.quote(r.zone().getId()) + ")";
    }

    private static String eventsIn(String accountId, DateRange range) {
        return "account_id = " + Sql.quote(accountId) + " AND " + range.sqlOn("occurred_ms") + " AND " + ErasedIds.notInEvent(accountId);
    }

    private static String measuresQuery(String accountId, DateRange range, String bucket) {
        return "SELECT bucket, total_leads, qualified_leads, conversations, timed_ai_messages, median_response_ms, scored_endings,"
                + " engagement_sum, visitors FROM (SELECT toString(" + bucket + ") AS bucket,"
                + " countIf(type = 'lead.created') AS total_leads,"
                + " countIf(type = 'lead.qualified') AS qualified_leads,"
                + " countIf(type = 'conversation.started') AS conversations,"
                + " arraySort(groupArrayIf(assumeNotNull(response_time_ms), type = 'message.sent' AND sender = 'ai'"
                + " AND isNotNull(response_time_ms))) AS response_times,"
                + " length(response_times) AS timed_ai_messages,"
                + " if(timed_ai_messages = 0, 0, if(timed_ai_messages % 2 = 1, response_times[intDiv(timed_ai_messages, 2) + 1],"
                + " (response_times[intDiv(timed_ai_messages, 2)] + response_times[intDiv(timed_ai_messages, 2) + 1]) / 2)) AS median_response_ms,"
                + " countIf(type = 'conversation.ended' AND isNotNull(engagement_score)) AS scored_endings,"
                + " sumIf(assumeNotNull(engagement_score), type = 'conversation.ended' AND isNotNull(engagement_score)) AS engagement_sum,"
                + " uniqExactIf(visitor_id, type = 'visitor.session_started') AS visitors"
                + " FROM " + Tables.EVENTS + " FINAL WHERE " + eventsIn(accountId, range)
                + " GROUP BY bucket) ORDER BY bucket";
    }
}
