package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.ConversationQuality;
import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.analytics.FunnelReport;
import ai.synaptiq.api.analytics.FunnelService;
import ai.synaptiq.api.analytics.OverviewService;
import ai.synaptiq.api.analytics.StageCounts;
import ai.synaptiq.api.exports.format.CsvWriter;
import ai.synaptiq.api.exports.format.JsonRecordWriter;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.ErasedIds;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The analytics report's figures (docs/exports.md, "Analytics report"), as the analytics routes
 * compute them: the funnel's stage counts from {@link FunnelService} and the conversation quality
 * from {@link OverviewService}, per bucket of the period and for the period as a whole, in the
 * report's segment; and the top leads of the period.
 */
public record AnalyticsReport(ClickHouseClient clickHouse, FunnelService funnels, OverviewService overviews) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final List<String> CSV_COLUMNS = List.of("date", "total_leads", "qualified_leads", "conversations",
            "conversion_rate", "avg_response_time_ms", "engagement_score", "widget_engagement_rate");

    /** One row per bucket of the period, empty buckets included. */
    public List<ReportRow> rows(String accountId, ReportQuery query) {
        Map<LocalDate, StageCounts> stages = funnels.stageCountsByBucket(accountId, query.funnel(), query.granularity());
        Map<LocalDate, ConversationQuality> quality = overviews.conversationQualityByBucket(accountId, query.funnel(), query.granularity());
        List<ReportRow> rows = new ArrayList<>();
        for (DateRange b : query.granularity().buckets(query.period())) {
            rows.add(new ReportRow(b.startDate(), b.endDate(), stages.getOrDefault(b.startDate(), StageCounts.NONE),
                    quality.getOrDefault(b.startDate(), ConversationQuality.NONE)));
        }
        return rows;
    }

    /** The figures of the whole period (distinct visitors and a median of the period, not of its buckets). */
    public ReportRow totals(String accountId, ReportQuery query) {
        return new ReportRow(query.period().startDate(), query.period().endDate(), StageCounts.of(funnel(accountId, query)),
                overviews.conversationQuality(accountId, query.funnel()));
    }

    /** The funnel of the period, as {@code GET /v1/analytics/funnel} answers it. */
    public FunnelReport funnel(String accountId, ReportQuery query) {
        return funnels.funnel(accountId, query.funnel());
    }

    /**
     * The highest-scoring leads created in the period, best first; the report's segment keeps the
     * leads of that source and those whose lead.created resolves to that channel (the funnel's rules).
     */
    public List<TopLead> topLeads(String accountId, ReportQuery query, int limit) {
        DateRange period = query.period();
        long from = period.startDate().atStartOfDay(query.zone()).toInstant().toEpochMilli();
        long until = period.endDate().plusDays(1).atStartOfDay(query.zone()).toInstant().toEpochMilli();
        List<TopLead> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT lead_id, name, email, company, score, status FROM " + Tables.LEADS
                + " FINAL WHERE account_id = " + Sql.quote(accountId) + " AND created = 1 AND created_ms >= " + from + " AND created_ms < " + until
                + " AND " + ErasedIds.notLead(accountId, "lead_id")
                + (query.segmented() ? " AND lead_id IN (" + funnels.leadsInSegmentSql(accountId, query.funnel()) + ")" : "")
                + " ORDER BY score DESC, created_ms, lead_id LIMIT " + limit)) {
            out.add(new TopLead(r.path("lead_id").asText(), r.path("name").asText(), r.path("email").asText(),
                    r.path("company").asText(), r.path("score").asDouble(), r.path("status").asText()));
        }
        return out;
    }

    /** The CSV: a row naming the segment when there is one ({@code "segment","channel whatsapp, all sources"}), the header, one row per bucket; returns the number of bucket rows. */
    public long writeCsv(String accountId, ReportQuery query, OutputStream out) {
        CsvWriter csv = new CsvWriter(out);
        if (query.segmented()) {
            csv.text("segment").text(query.segment()).endRow();
        }
        CSV_COLUMNS.forEach(csv::text);
        csv.endRow();
        long n = 0;
        for (ReportRow row : rows(accountId, query)) {
            List<String> cells = cells(row);
            csv.text(cells.get(0));
            cells.subList(1, cells.size()).forEach(csv::number);
            csv.endRow();
            n++;
        }
        csv.flush();
        return n;
    }

    /**
     * JSON Lines: one object per bucket with the CSV's columns (numbers as numbers, an empty cell as
     * null) and the {@code segment} it covers ({@code all channels, all sources} without one); returns the number of rows.
     */
    public long writeJsonLines(String accountId, ReportQuery query, OutputStream out) {
        JsonRecordWriter lines = new JsonRecordWriter(JSON, out, JsonRecordWriter.Layout.LINES);
        long n = 0;
        try {
            for (ReportRow row : rows(accountId, query)) {
                List<String> cells = cells(row);
                JsonGenerator g = lines.element();
                g.writeStartObject();
                g.writeStringField(CSV_COLUMNS.get(0), cells.get(0));
                for (int c = 1; c < cells.size(); c++) {
                    g.writeFieldName(CSV_COLUMNS.get(c));
                    if (cells.get(c) == null) {
                        g.writeNull();
                    } else {
                        g.writeNumber(new BigDecimal(cells.get(c)));
                    }
                }
                g.writeStringField("segment", query.segment());
                g.writeEndObject();
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lines.finish();
        return n;
    }

    /** A row's values in {@link #CSV_COLUMNS} order: the date, then the numbers as written (null when there is none). */
    private static List<String> cells(ReportRow row) {
        return Arrays.asList(row.start().toString(), Long.toString(row.totalLeads()), Long.toString(row.qualifiedLeads()),
                Long.toString(row.conversations()), Values.rounded(row.conversionRate(), 4),
                row.avgResponseTimeMs() == null ? null : Values.rounded(row.avgResponseTimeMs(), 1),
                row.engagementScore() == null ? null : Values.rounded(row.engagementScore(), 1),
                Values.rounded(row.widgetEngagementRate(), 4));
    }
}
