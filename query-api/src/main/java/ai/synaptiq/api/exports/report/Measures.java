package ai.synaptiq.api.exports.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a report says about a stretch of days, from the account's events that occurred in it
 * (each event counted once): the raw counts and sums behind the report's columns.
 */
public record Measures(long totalLeads, long qualifiedLeads, long conversations, long timedAiMessages,
        double medianResponseMs, long scoredEndings, double engagementSum, long visitors) {
    public static final Measures NONE = new Measures(0, 0, 0, 0, 0, 0, 0, 0);

    static Measures of(JsonNode row) {
        return new Measures(row.path("total_leads").asLong(), row.path("qualified_leads").asLong(),
                row.path("conversations").asLong(), row.path("timed_ai_messages").asLong(),
                row.path("median_response_ms").asDouble(), row.path("scored_endings").asLong(),
                row.path("engagement_sum").asDouble(), row.path("visitors").asLong());
    }

    /** qualified leads / conversations, as the overview API; 0 without conversations. */
    public double conversionRate() {
        return conversations == 0 ? 0 : (double) qualifiedLeads / conversations;
    }

    /** Median {@code responseTimeMs} of the AI's messages; null without any. */
    public Double avgResponseTimeMs() {
        return timedAiMessages == 0 ? null : medianResponseMs;
    }

    /** Mean {@code engagementScore} of {@code conversation.ended}; null without any. */
    public Double engagementScore() {
        return scoredEndings == 0 ? null : engagementSum / scoredEndings;
    }

    /** conversations / unique visitors with a session; 0 without visitors. */
    public double widgetEngagementRate() {
        return visitors == 0 ? 0 : (double) conversations / visitors;
    }
}
