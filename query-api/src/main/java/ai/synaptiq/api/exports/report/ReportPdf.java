package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.analytics.FunnelReport;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The PDF analytics report (exporting-data.md, "PDF Report"): headline metrics with their change
 * on the previous period, the conversion funnel, one time-series chart per key metric, the top
 * leads of the period and the period's dashboard annotations, in the account's branding.
 */
public final class ReportPdf {
    private static final Color INK = new Color(0x111827);
    private static final Color MUTED = new Color(0x6B7280);

    /** Everything one report shows. */
    public record Content(ReportQuery query, ReportQuery previous, List<ReportRow> rows, ReportRow totals, ReportRow previousTotals,
            FunnelReport funnel, List<TopLead> topLeads, List<Annotations.Annotation> annotations, Branding branding,
            FieldRestrictions restrictions, Instant generatedAt) {
    }

    /** A headline metric: its name, how to read it from a row, how to print it. */
    private record Metric(String name, Function<ReportRow, Double> value, Function<Double, String> format) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("Conversations", m -> (double) m.conversations(), ReportPdf::count),
            new Metric("Leads captured", m -> (double) m.totalLeads(), ReportPdf::count),
            new Metric("Qualified leads", m -> (double) m.qualifiedLeads(), ReportPdf::count),
            new Metric("Conversion rate", ReportRow::conversionRate, ReportPdf::percent),
            new Metric("Median AI response time", ReportRow::avgResponseTimeMs, v -> v == null ? "n/a" : String.format(Locale.US, "%,.0f ms", v)),
            new Metric("Engagement score", ReportRow::engagementScore, v -> v == null ? "n/a" : Values.rounded(v, 1)),
            new Metric("Widget engagement rate", ReportRow::widgetEngagementRate, ReportPdf::percent));

    private ReportPdf() {
    }

    public static void write(Content c, OutputStream out) {
        try (PdfLayout pdf = new PdfLayout()) {
            header(pdf, c);
            summary(pdf, c);
            pdf.down(8);
            pdf.need(250);
            heading(pdf, c, "Conversion funnel");
            BufferedImage funnel = ReportCharts.funnel(c.funnel().stages(), c.branding().primary(), 1030, 420);
            pdf.image(funnel, PdfLayout.MARGIN, pdf.y() - 210, PdfLayout.WIDTH, 210);
            pdf.down(218);
            trends(pdf, c);
            topLeads(pdf, c);
            annotations(pdf, c);
            pdf.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void header(PdfLayout pdf, Content c) throws IOException {
        Branding b = c.branding();
        float top = pdf.y();
        float textX = PdfLayout.MARGIN;
        BufferedImage logo = b.logoPng() == null ? null : Branding.image(b.logoPng());
        if (logo != null) {
            float h = 40;
            float w = Math.min(120, h * logo.getWidth() / logo.getHeight());
            pdf.image(logo, PdfLayout.MARGIN, top - h, w, h);
            textX += w + 12;
        }
        String title = (b.companyName().isEmpty() ? "" : b.companyName() + " ") + "Analytics Report";
        pdf.text(textX, top - 22, pdf.bold, 20, b.primary(), title);
        DateRange r = c.query().period();
        pdf.text(textX, top - 38, pdf.regular, 10, MUTED, r.startDate() + " to " + r.endDate() + " (" + c.query().zone().getId() + "), by "
                + c.query().granularity().wireName());
        pdf.text(textX, top - 50, pdf.regular, 10, MUTED, "Segment: " + c.query().segment());
        pdf.down(58);
        pdf.rect(PdfLayout.MARGIN, pdf.y(), PdfLayout.WIDTH, 3, b.accent());
        pdf.down(10);
        pdf.line(pdf.regular, 8, MUTED, "Generated " + Values.instant(c.generatedAt().toEpochMilli()) + " by Synaptiq");
    }

    private static void summary(PdfLayout pdf, Content c) throws IOException {
        heading(pdf, c, "Summary");
        pdf.line(pdf.regular, 9, MUTED, "Previous period: " + c.previous().period().startDate() + " to " + c.previous().period().endDate()
                + " (the same number of days right before)");
        List<List<String>> rows = new ArrayList<>();
        for (Metric m : METRICS) {
            Double now = m.value().apply(c.totals());
            Double before = m.value().apply(c.previousTotals());
            rows.add(List.of(m.name(), m.format().apply(now), m.format().apply(before), change(now, before)));
        }
        pdf.table(List.of("Metric", "This period", "Previous period", "Change"), new float[] {200, 105, 105, 105}, rows, c.branding().accent());
    }

    private static void trends(PdfLayout pdf, Content c) throws IOException {
        pdf.newPage();
        heading(pdf, c, "Trends by " + c.query().granularity().wireName());
        float gap = 10;
        float w = (PdfLayout.WIDTH - gap) / 2;
        float h = 150;
        for (int i = 0; i < METRICS.size(); i++) {
            if (i % 2 == 0) {
                pdf.need(h + gap);
            }
            Metric m = METRICS.get(i);
            BufferedImage chart = ReportCharts.timeSeries(m.name(), c.rows(), m.value(), c.branding().primary(), c.branding().accent(),
                    c.annotations().stream().map(Annotations.Annotation::date).toList(), (int) (w * 2), (int) (h * 2));
            pdf.image(chart, PdfLayout.MARGIN + (i % 2) * (w + gap), pdf.y() - h, w, h);
            if (i % 2 == 1 || i == METRICS.size() - 1) {
                pdf.down(h + gap);
            }
        }
    }

    /** Starts a section (keeping {@code need} points of it on one page); false, having said so, when it has nothing to show. */
    private static boolean section(PdfLayout pdf, Content c, String title, float need, boolean empty, String whenEmpty) throws IOException {
        pdf.down(6);
        pdf.need(need);
        heading(pdf, c, title);
        if (empty) {
            pdf.line(pdf.regular, 10, MUTED, whenEmpty);
        }
        return !empty;
    }

    private static void topLeads(PdfLayout pdf, Content c) throws IOException {
        if (!section(pdf, c, "Top leads", 80, c.topLeads().isEmpty(), "No leads were created in this period.")) {
            return;
        }
        FieldRestrictions r = c.restrictions();
        List<List<String>> rows = new ArrayList<>();
        int rank = 1;
        for (TopLead l : c.topLeads()) {
            rows.add(List.of(Integer.toString(rank++), r.apply("name", l.name()), r.apply("email", l.email()), r.apply("company", l.company()),
                    r.apply("score", Values.number(l.score())), r.apply("status", l.status())));
        }
        pdf.table(List.of("#", "Name", "Email", "Company", "Score", "Status"), new float[] {25, 120, 150, 110, 45, 65}, rows, c.branding().accent());
    }

    private static void annotations(PdfLayout pdf, Content c) throws IOException {
        if (!section(pdf, c, "Annotations", 60, c.annotations().isEmpty(), "No annotations in this period.")) {
            return;
        }
        for (Annotations.Annotation a : c.annotations()) {
            pdf.line(pdf.regular, 10, INK, a.date() + " — " + a.text());
        }
    }

    private static void heading(PdfLayout pdf, Content c, String text) throws IOException {
        pdf.need(40);
        pdf.down(4);
        pdf.line(pdf.bold, 14, c.branding().primary(), text);
    }

    private static String count(Double v) {
        return String.format(Locale.US, "%,d", v.longValue());
    }

    private static String percent(Double v) {
        return String.format(Locale.US, "%.2f%%", v * 100);
    }

    /** (now - before) / before as a signed percentage; n/a when there is nothing to compare with. */
    static String change(Double now, Double before) {
        if (now == null || before == null || before == 0) {
            return "n/a";
        }
        return String.format(Locale.US, "%+.1f%%", (now - before) / before * 100);
    }
}
