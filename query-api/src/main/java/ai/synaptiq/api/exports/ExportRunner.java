package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.conversations.ConversationExport;
import ai.synaptiq.api.exports.conversations.ConversationFilter;
import ai.synaptiq.api.exports.governance.AuditLog;
import ai.synaptiq.api.exports.governance.FieldRestrictionStore;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import ai.synaptiq.api.exports.leads.LeadExport;
import ai.synaptiq.api.exports.leads.LeadFilter;
import ai.synaptiq.api.exports.report.AnalyticsReport;
import ai.synaptiq.api.exports.report.Annotations;
import ai.synaptiq.api.exports.report.BrandingStore;
import ai.synaptiq.api.exports.report.ReportPdf;
import ai.synaptiq.api.exports.report.ReportQuery;
import ai.synaptiq.api.http.RequestParams;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Turns export parameters into a validated {@link PreparedExport} and runs it. Knows nothing of HTTP:
 * the routes stream exports to the client, the scheduler to stored files.
 */
public record ExportRunner(LeadExport leads, ConversationExport conversations, AnalyticsReport analytics, Annotations annotations,
            BrandingStore branding, FieldRestrictionStore restrictions, AuditLog audit, Clock clock) {
    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * Validates the parameters (400 on anything wrong) before a byte is written; reads nothing yet.
     * The account's field restrictions are read when the export is written.
     */
    public PreparedExport prepare(String accountId, DataType type, RequestParams params) {
        return prepare(accountId, type, params, null);
    }

    /**
     * As {@link #prepare(String, DataType, RequestParams)}, narrowed to the rows of an incremental
     * run's {@code changes} (null: every row the filters select); leads and conversations only.
     */
    public PreparedExport prepare(String accountId, DataType type, RequestParams params, ChangeWindow changes) {
        ExportFormat format = type.format(params);
        String fileName = "synaptiq-" + type.wireName() + "-" + FILE_STAMP.format(clock.instant()) + "." + format.wireName();
        return switch (type) {
            case LEADS -> {
                LeadFilter f = LeadFilter.of(params.requireOnly(LeadFilter.PARAMETERS)).within(changes);
                yield prepared(accountId, type, format, f.describe(), fileName, out -> format == ExportFormat.CSV
                        ? leads.writeCsv(accountId, f, restrictions.get(accountId), out)
                        : leads.writeJson(accountId, f, restrictions.get(accountId), format.layout(), out));
            }
            case CONVERSATIONS -> {
                ConversationFilter f = ConversationFilter.of(params.requireOnly(ConversationFilter.PARAMETERS)).within(changes);
                yield prepared(accountId, type, format, f.describe(), fileName, out -> format.jsonRecords()
                        ? conversations.writeJson(accountId, f, restrictions.get(accountId), format.layout(), out)
                        : conversations.writeText(accountId, f, restrictions.get(accountId), f.started().zone(), out));
            }
            case ANALYTICS -> {
                if (changes != null) {
                    throw new IllegalArgumentException("an analytics report covers a period; it has no incremental form");
                }
                ReportQuery query = ReportQuery.of(params.requireOnly(ReportQuery.PARAMETERS), clock);
                yield prepared(accountId, type, format, query.describe(), fileName, out -> switch (format) {
                    case CSV -> analytics.writeCsv(accountId, query, out);
                    case PDF -> writePdf(accountId, query, restrictions.get(accountId), out);
                    default -> analytics.writeJsonLines(accountId, query, out);
                });
            }
        };
    }

    private static PreparedExport prepared(String accountId, DataType type, ExportFormat format, Map<String, Object> filters, String fileName,
            PreparedExport.Body records) {
        return new PreparedExport(accountId, type, format, filters, fileName, format.encode(records));
    }

    /** The PDF report; its record count is the number of rows of its time series. */
    private long writePdf(String accountId, ReportQuery query, FieldRestrictions restrictions, OutputStream out) {
        ReportQuery previous = query.previousPeriod();
        ReportPdf.Content content = new ReportPdf.Content(query, previous, analytics.rows(accountId, query),
                analytics.totals(accountId, query), analytics.totals(accountId, previous), analytics.funnel(accountId, query),
                analytics.topLeads(accountId, query, 10), annotations.list(accountId, DateFilter.of(query.period(), query.zone())),
                branding.get(accountId), restrictions, clock.instant());
        ReportPdf.write(content, out);
        return content.rows().size();
    }

    /**
     * Writes the export to {@code out} and records it in the audit log, whether it completed or
     * failed half way (a client gone away, ClickHouse down); returns the number of records.
     */
    public long run(String keyId, PreparedExport export, OutputStream out, ExportOrigin origin) {
        long started = clock.millis();
        try {
            long n = export.body().writeTo(out);
            audit(keyId, export, origin, started, n, "completed", "");
            return n;
        } catch (RuntimeException e) {
            audit(keyId, export, origin, started, 0, "failed", String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private void audit(String keyId, PreparedExport e, ExportOrigin origin, long at, long records, String status, String detail) {
        audit.record(e.accountId(), AuditLog.Entry.export(at, keyId, origin.name(), e.dataType().wireName(), e.format().wireName(),
                e.filters(), records, status, origin.scheduleId(), origin.runId(), detail));
    }
}
