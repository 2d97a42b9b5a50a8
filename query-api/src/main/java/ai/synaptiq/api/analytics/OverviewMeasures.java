package ai.synaptiq.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;

/** The summable measures of synaptiq.overview_rollup for some span of time. */
record OverviewMeasures(long conversations, long leads, long qualified, long messages, long aiTimedMessages,
                        double responseMsSum, long handoffs, long revenueCents, double scoreSum) {

    static final OverviewMeasures NONE = new OverviewMeasures(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The SELECT list that {@link #fromRow} reads. */
    static final String SUMS = "sum(conversations) AS conversations, sum(leads) AS leads, sum(qualified) AS qualified, "
            + "sum(messages) AS messages, sum(ai_timed_messages) AS ai_timed_messages, sum(response_ms_sum) AS response_ms_sum, "
            + "sum(handoffs) AS handoffs, sum(revenue_cents) AS revenue_cents, sum(score_sum) AS score_sum";

    static OverviewMeasures fromRow(JsonNode row) {
        return new OverviewMeasures(row.get("conversations").asLong(), row.get("leads").asLong(), row.get("qualified").asLong(),
                row.get("messages").asLong(), row.get("ai_timed_messages").asLong(), row.get("response_ms_sum").asDouble(),
                row.get("handoffs").asLong(), row.get("revenue_cents").asLong(), row.get("score_sum").asDouble());
    }

    OverviewMeasures plus(OverviewMeasures o) {
        return new OverviewMeasures(conversations + o.conversations, leads + o.leads, qualified + o.qualified,
                messages + o.messages, aiTimedMessages + o.aiTimedMessages, responseMsSum + o.responseMsSum,
                handoffs + o.handoffs, revenueCents + o.revenueCents, scoreSum + o.scoreSum);
    }
}
