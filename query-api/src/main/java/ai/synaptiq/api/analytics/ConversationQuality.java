package ai.synaptiq.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the AI answered and how engaged visitors were over some days (docs/exports.md, "Analytics
 * report"): the median {@code responseTimeMs} of the AI's messages and the mean
 * {@code engagementScore} of the conversation endings that carry one, with what they are made of.
 */
public record ConversationQuality(long timedAiMessages, double medianResponseMs, long scoredEndings, double engagementSum) {
    public static final ConversationQuality NONE = new ConversationQuality(0, 0, 0, 0);

    static ConversationQuality of(JsonNode row) {
        return new ConversationQuality(row.get("timed_ai_messages").asLong(), row.get("median_response_ms").asDouble(),
                row.get("scored_endings").asLong(), row.get("engagement_sum").asDouble());
    }

    /** Median response time of the AI's messages in milliseconds (mean of the two middle values for an even count); null without any. */
    public Double medianResponseTimeMs() {
        return timedAiMessages == 0 ? null : medianResponseMs;
    }

    /** Mean engagement score of the endings that carry one; null without any. */
    public Double engagementScore() {
        return scoredEndings == 0 ? null : engagementSum / scoredEndings;
    }
}
