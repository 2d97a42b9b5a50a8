package ai.synaptiq.schemas.events;

import java.util.Objects;

/**
 * One accepted event: the envelope of docs/events.md §2, the typed values the pipeline
 * computes with, and {@code data} kept whole as JSON text (unknown fields included).
 * A plain POJO (public fields, no-arg constructor) so Flink serializes it without Kryo.
 */
public class Event {
    public String eventId;
    /** Wire name, e.g. {@code lead.created}. */
    public String type;
    public String accountId;
    public long occurredMs;
    public String visitorId;
    public String conversationId;
    /** The event's own leadId, or the one its conversation is linked to once enriched. */
    public String leadId;
    /** The event's own channel, or the one inherited from its conversation once enriched. */
    public String channel;
    /** The event's own source, or the one inherited from its lead once enriched. */
    public String source;
    public String description;
    /** The {@code data} object as JSON text; "{}" when absent. */
    public String dataJson = "{}";

    // Typed values of data, null when absent or not applicable to the type.
    public String sender;
    public Double responseTimeMs;
    public Double engagementScore;
    /** lead.created: score; lead.score_changed: to; lead.qualified: scoreChange.to. */
    public Double score;
    /** lead.score_changed: from; lead.qualified: scoreChange.from. */
    public Double scoreFrom;
    public Double estimatedDealSize;
    public Double amount;
    /** lead.updated / lead.qualified: the status the event sets. */
    public String status;

    // Where the record came from; used for dead letters and dropped after admission.
    public String raw;
    public int kafkaPartition;
    public long kafkaOffset;

    public Event() {
    }

    public EventType eventType() {
        return EventType.fromWire(type).orElseThrow();
    }

    public boolean hasVisitor() {
        return visitorId != null;
    }

    public boolean hasConversation() {
        return conversationId != null;
    }

    public boolean hasLead() {
        return leadId != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Event e)) {
            return false;
        }
        return occurredMs == e.occurredMs && Objects.equals(eventId, e.eventId) && Objects.equals(type, e.type)
                && Objects.equals(accountId, e.accountId) && Objects.equals(visitorId, e.visitorId)
                && Objects.equals(conversationId, e.conversationId) && Objects.equals(leadId, e.leadId)
                && Objects.equals(channel, e.channel) && Objects.equals(source, e.source)
                && Objects.equals(dataJson, e.dataJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accountId, eventId);
    }

    @Override
    public String toString() {
        return type + "(" + accountId + "/" + eventId + " @" + occurredMs + ")";
    }
}
