package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.ConversationState;
import ai.synaptiq.schemas.events.Event;

/**
 * The conversation rules of {@link AccountProcessor}: the conversation's state, linked to a lead
 * once any of its events carries a leadId, and the channel and lead it hands to its later events.
 */
public final class ConversationTracker {

    private ConversationTracker() {
    }

    /** The conversation's channel and lead for an event that has none of its own (as known now). */
    static void enrich(ConversationState c, Event e) {
        if (e.channel == null) {
            e.channel = c.channel;
        }
        if (e.leadId == null) {
            e.leadId = c.leadId;
        }
    }

    static void apply(ConversationState c, Event e) {
        c.version++;
        if (c.visitorId == null) {
            c.visitorId = e.visitorId;
        }
        if (c.leadId == null) {
            c.leadId = e.leadId;
        }
        boolean started = "conversation.started".equals(e.type);
        if (e.channel != null && (c.channel == null || started && !c.channelFromStart)) {
            c.channel = e.channel;
            c.channelFromStart = started;
        }
        c.lastEventMs = Math.max(c.lastEventMs, e.occurredMs);
        switch (e.type) {
            case "conversation.started" -> c.startedMs = c.startedMs == 0 ? e.occurredMs : Math.min(c.startedMs, e.occurredMs);
            case "conversation.ended" -> {
                c.endedMs = Math.max(c.endedMs, e.occurredMs);
                if (e.engagementScore != null && e.occurredMs >= c.engagementAtMs) {
                    c.engagementScore = e.engagementScore;
                    c.engagementAtMs = e.occurredMs;
                }
            }
            case "message.sent" -> c.messageCount++;
            case "conversation.handoff" -> c.handoff = true;
            case "lead.qualified" -> c.qualificationTriggered = true;
            case "meeting.booked" -> c.meetingBooked = true;
            default -> {
            }
        }
    }
}
