package ai.synaptiq.api.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** The overview response body (analytics-api.md), computed per docs/metrics.md §2. */
public record OverviewReport(Period period, Summary summary, Comparison comparison, List<TimeSeriesPoint> timeSeries) {

    public record Period(LocalDate startDate, LocalDate endDate) {
        static Period of(DateRange range) {
            return new Period(range.startDate(), range.endDate());
        }
    }

    public record Summary(long totalConversations, long totalLeads, long qualifiedLeads, BigDecimal conversionRate,
                          BigDecimal avgLeadScore, BigDecimal avgResponseTime, BigDecimal avgMessagesPerConversation,
                          BigDecimal handoffRate, BigDecimal totalRevenuePipeline) {

        static Summary of(OverviewMeasures m) {
            return new Summary(m.conversations(), m.leads(), m.qualified(),
                    Rounding.ratio(m.qualified(), m.conversations(), Rounding.RATE),
                    Rounding.mean(m.scoreSum(), m.leads(), 1, Rounding.AVERAGE),
                    Rounding.mean(m.responseMsSum(), m.aiTimedMessages(), 1000, Rounding.AVERAGE),
                    Rounding.mean(m.messages(), m.conversations(), 1, Rounding.AVERAGE),
                    Rounding.ratio(m.handoffs(), m.conversations(), Rounding.RATE),
                    Rounding.money(m.revenueCents()));
        }
    }

    /** The compared period's value of each summary figure and the change from it to the current one. */
    public record Comparison(Period period, Change totalConversations, Change totalLeads, Change qualifiedLeads,
                             Change conversionRate, Change avgLeadScore, Change avgResponseTime,
                             Change avgMessagesPerConversation, Change handoffRate, Change totalRevenuePipeline) {

        /** Changes are computed from the figures as the response shows them (rounded), so clients can recompute them. */
        static Comparison of(DateRange period, Summary current, Summary previous) {
            return new Comparison(Period.of(period),
                    Change.of(current.totalConversations(), previous.totalConversations()),
                    Change.of(current.totalLeads(), previous.totalLeads()),
                    Change.of(current.qualifiedLeads(), previous.qualifiedLeads()),
                    Change.of(current.conversionRate(), previous.conversionRate()),
                    Change.of(current.avgLeadScore(), previous.avgLeadScore()),
                    Change.of(current.avgResponseTime(), previous.avgResponseTime()),
                    Change.of(current.avgMessagesPerConversation(), previous.avgMessagesPerConversation()),
                    Change.of(current.handoffRate(), previous.handoffRate()),
                    Change.of(current.totalRevenuePipeline(), previous.totalRevenuePipeline()));
        }
    }

    public record Change(Number value, BigDecimal change) {
        static Change of(long current, long previous) {
            return new Change(previous, Rounding.change(BigDecimal.valueOf(current), BigDecimal.valueOf(previous)));
        }

        static Change of(BigDecimal current, BigDecimal previous) {
            return new Change(previous, Rounding.change(current, previous));
        }
    }

    public record TimeSeriesPoint(String period, long conversations, long leads, long qualifiedLeads, BigDecimal conversionRate) {
        static TimeSeriesPoint of(DateRange bucket, OverviewMeasures m) {
            return new TimeSeriesPoint(bucket.label(), m.conversations(), m.leads(), m.qualified(),
                    Rounding.ratio(m.qualified(), m.conversations(), Rounding.RATE));
        }
    }
}
