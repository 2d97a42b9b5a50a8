package ai.synaptiq.api.exports.report;

import ai.synaptiq.api.analytics.ConversationQuality;
import ai.synaptiq.api.analytics.FunnelStage;
import ai.synaptiq.api.analytics.StageCounts;
import java.time.LocalDate;

/**
 * What the report says about a stretch of days (a bucket, or the whole period): the funnel's
 * stage counts and the conversation quality of the analytics services, and the report's columns
 * derived from them (docs/exports.md, "Analytics report").
 */
public record ReportRow(LocalDate start, LocalDate end, StageCounts stages, ConversationQuality quality) {

    /** Conversations started. */
    public long conversations() {
        return stages.of(FunnelStage.ENGAGED);
    }

    /** Leads created. */
    public long totalLeads() {
        return stages.of(FunnelStage.LEAD_CAPTURED);
    }

    /** Leads qualified. */
    public long qualifiedLeads() {
        return stages.of(FunnelStage.QUALIFIED);
    }

    /** Qualified leads / conversations, as the overview's conversionRate; 0 without conversations. */
    public double conversionRate() {
        return conversations() == 0 ? 0 : (double) qualifiedLeads() / conversations();
    }

    /** Median response time of the AI's messages; null without any. */
    public Double avgResponseTimeMs() {
        return quality.medianResponseTimeMs();
    }

    /** Mean engagement score of the conversation endings that carry one; null without any. */
    public Double engagementScore() {
        return quality.engagementScore();
    }

    /** Conversations / distinct visitors with a session; 0 without visitors. */
    public double widgetEngagementRate() {
        long visitors = stages.of(FunnelStage.VISITORS);
        return visitors == 0 ? 0 : (double) conversations() / visitors;
    }
}
