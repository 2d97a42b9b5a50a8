package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.schemas.events.Event;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** What each event adds to its overview bucket (docs/architecture.md, Overview rollup). */
public class OverviewContributions implements FlatMapFunction<Event, Contribution> {
    private final long grainMs;

    public OverviewContributions(long grainMs) {
        this.grainMs = grainMs;
    }

    @Override
    public void flatMap(Event e, Collector<Contribution> out) {
        Contribution c = new Contribution(e.accountId, Math.floorDiv(e.occurredMs, grainMs) * grainMs);
        switch (e.type) {
            case "conversation.started" -> c.conversations = 1;
            case "lead.created" -> c.leads = 1;
            case "lead.qualified" -> {
                c.qualified = 1;
                if (e.estimatedDealSize != null) {
                    c.revenueCents = Math.round(e.estimatedDealSize * 100);
                }
            }
            case "message.sent" -> {
                c.messages = 1;
                if ("ai".equals(e.sender) && e.responseTimeMs != null) {
                    c.aiTimedMessages = 1;
                    c.responseMsSum = e.responseTimeMs;
                }
            }
            case "conversation.handoff" -> c.handoffs = 1;
            case "visitor.session_started" -> c.sessions = 1;
            case "meeting.booked" -> c.meetings = 1;
            case "conversion.completed" -> c.conversions = 1;
            case "conversation.ended" -> {
                if (e.engagementScore == null) {
                    return;
                }
                c.endedScored = 1;
                c.engagementSum = e.engagementScore;
            }
            default -> {
                return;
            }
        }
        out.collect(c);
    }
}
