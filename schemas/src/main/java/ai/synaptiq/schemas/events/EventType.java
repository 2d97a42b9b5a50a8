package ai.synaptiq.schemas.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The event types of docs/events.md §3, with the identifiers each one requires. */
public enum EventType {
    VISITOR_SESSION_STARTED("visitor.session_started", true, false, false),
    CONVERSATION_STARTED("conversation.started", true, true, false),
    MESSAGE_SENT("message.sent", true, true, false),
    CONVERSATION_ENDED("conversation.ended", true, true, false),
    CONVERSATION_HANDOFF("conversation.handoff", true, true, false),
    LEAD_CREATED("lead.created", false, false, true),
    LEAD_UPDATED("lead.updated", false, false, true),
    LEAD_SCORE_CHANGED("lead.score_changed", false, false, true),
    LEAD_QUALIFIED("lead.qualified", false, false, true),
    MEETING_BOOKED("meeting.booked", false, false, true),
    CONVERSION_COMPLETED("conversion.completed", false, false, true),
    INTENT_HIGH_VALUE("intent.high_value", false, false, false);

    private final String wireName;
    private final boolean needsVisitor;
    private final boolean needsConversation;
    private final boolean needsLead;

    EventType(String wireName, boolean needsVisitor, boolean needsConversation, boolean needsLead) {
        this.wireName = wireName;
        this.needsVisitor = needsVisitor;
        this.needsConversation = needsConversation;
        this.needsLead = needsLead;
    }

    public String wireName() {
        return wireName;
    }

    public boolean needsVisitor() {
        return needsVisitor;
    }

    public boolean needsConversation() {
        return needsConversation;
    }

    public boolean needsLead() {
        return needsLead;
    }

    private static final Map<String, EventType> BY_WIRE_NAME = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_WIRE_NAME.put(t.wireName, t);
        }
    }

    public static Optional<EventType> fromWire(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }
}
