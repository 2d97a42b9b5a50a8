package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.FunnelReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.TimeZone;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/** The report's charts, drawn by JFreeChart into images at twice the size they are printed. */
final class ReportCharts {
    private static final Color GRID = new Color(0xE5E7EB);
    /** Buckets are calendar days: plotted as UTC days so no server zone shifts them. */
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private ReportCharts() {
    }

    /**
     * One metric over the report's buckets (each at its first day); a null value leaves a gap.
     * Each annotation date is a dashed vertical line in the accent color.
     */
    static BufferedImage timeSeries(String title, List<ReportRow> rows, Function<ReportRow, Double> metric, Color color, Color accent,
            List<LocalDate> annotated, int w, int h) {
        TimeSeries series = new TimeSeries(title);
        for (ReportRow r : rows) {
            LocalDate d = r.start();
            series.add(new Day(d.getDayOfMonth(), d.getMonthValue(), d.getYear()), metric.apply(r));
        }
        JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, null, new TimeSeriesCollection(series, UTC), false, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, rows.size() <= 40);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(0, new BasicStroke(2.5f));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
        plot.getDomainAxis().setUpperMargin(0.06);
        ((DateAxis) plot.getDomainAxis()).setTimeZone(UTC);
        for (LocalDate d : annotated) {
            ValueMarker marker = new ValueMarker(d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(), accent, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            plot.addDomainMarker(marker);
        }
        return chart.createBufferedImage(w, h);
    }

    /** The six funnel stages as horizontal bars, top to bottom, each labelled with its count. */
    static BufferedImage funnel(List<FunnelReport.Stage> stages, Color color, int w, int h) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (FunnelReport.Stage s : stages) {
            data.addValue(s.count(), "count", s.name());
        }
        JFreeChart chart = ChartFactory.createBarChart("Conversion funnel", null, null, data, PlotOrientation.HORIZONTAL, false, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRangeGridlinePaint(GRID);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, color);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        plot.getRangeAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 18));
        return chart.createBufferedImage(w, h);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        chart.getPlot().setOutlineVisible(false);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
            xy.getRangeAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        }
    }
}
