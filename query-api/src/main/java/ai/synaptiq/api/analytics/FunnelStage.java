package ai.synaptiq.api.analytics;

import ai.synaptiq.schemas.events.EventType;

/** The funnel's stages in order: the event that puts an entity in it and the entity counted. */
public enum FunnelStage {
    VISITORS("Visitors", EventType.VISITOR_SESSION_STARTED, "visitor_id"),
    ENGAGED("Engaged (Started Chat)", EventType.CONVERSATION_STARTED, "conversation_id"),
    LEAD_CAPTURED("Lead Captured", EventType.LEAD_CREATED, "lead_id"),
    QUALIFIED("Qualified", EventType.LEAD_QUALIFIED, "lead_id"),
    DEMO_BOOKED("Demo Booked", EventType.MEETING_BOOKED, "lead_id"),
    CONVERTED("Converted", EventType.CONVERSION_COMPLETED, "lead_id");

    private final String displayName;
    private final EventType event;
    private final String entityColumn;

    FunnelStage(String displayName, EventType event, String entityColumn) {
        this.displayName = displayName;
        this.event = event;
        this.entityColumn = entityColumn;
    }

    public String displayName() {
        return displayName;
    }

    public EventType event() {
        return event;
    }

    /** The column of synaptiq.events holding the entity this stage counts. */
    public String entityColumn() {
        return entityColumn;
    }

    /** Stages whose entity is a lead: their events fall back to the lead's channel. */
    public boolean countsLeads() {
        return entityColumn.equals("lead_id");
    }
}
