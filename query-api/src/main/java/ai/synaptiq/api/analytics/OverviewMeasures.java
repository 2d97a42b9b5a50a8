package ai.synaptiq.api.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The summable measures of synaptiq.overview_rollup for some span of time. */
record OverviewMeasures(long conversations, long leads, long qualified, long messages, long aiTimedMessages,
                        double responseMsSum, long handoffs, long revenueCents, double scoreSum) {

    static final OverviewMeasures NONE = new OverviewMeasures(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The SELECT list that {@link #fromRow} reads. */
    /** The overview_rollup columns the measures are summed from, as {@link #fromRow} reads them. */
    static final List<String> COLUMNS = List.of("conversations", "leads", "qualified", "messages", "ai_timed_messages",
            "response_ms_sum", "handoffs", "revenue_cents", "score_sum");

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
