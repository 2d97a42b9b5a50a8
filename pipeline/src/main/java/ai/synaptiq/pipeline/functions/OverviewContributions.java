package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.schemas.events.Event;

/** What each event adds to its overview bucket (docs/architecture.md, Overview rollup). */
public final class OverviewContributions {

    private OverviewContributions() {
    }

    /** The bucket an event time falls in. */
    static long bucket(long occurredMs, long grainMs) {
        return Math.floorDiv(occurredMs, grainMs) * grainMs;
    }

    /** Adds what the event contributes to its bucket's sums; false (nothing added) when it contributes nothing. */
    static boolean addTo(Contribution c, Event e) {
        switch (e.type) {
            case "conversation.started" -> c.conversations++;
            case "lead.created" -> c.leads++;
            case "lead.qualified" -> {
                c.qualified++;
                if (e.estimatedDealSize != null) {
                    c.revenueCents += Math.round(e.estimatedDealSize * 100);
                }
            }
            case "message.sent" -> {
                c.messages++;
                if ("ai".equals(e.sender) && e.responseTimeMs != null) {
                    c.aiTimedMessages++;
                    c.responseMsSum += e.responseTimeMs;
                }
            }
            case "conversation.handoff" -> c.handoffs++;
            case "visitor.session_started" -> c.sessions++;
            case "meeting.booked" -> c.meetings++;
            case "conversion.completed" -> c.conversions++;
            case "conversation.ended" -> {
                if (e.engagementScore == null) {
                    return false;
                }
                c.endedScored++;
                c.engagementSum += e.engagementScore;
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
