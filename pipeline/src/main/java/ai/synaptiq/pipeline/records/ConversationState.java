package ai.synaptiq.pipeline.records;

/** What the pipeline knows of one conversation; version = events applied. */
public class ConversationState {
    public String accountId;
    public String conversationId;
    public String visitorId;
    public String leadId;
    public String channel;
    /** true once the channel came from conversation.started itself. */
    public boolean channelFromStart;
    public long startedMs;
    public long endedMs;
    public long lastEventMs;
    public int messageCount;
    public boolean handoff;
    public boolean qualificationTriggered;
    public boolean meetingBooked;
    public Double engagementScore;
    public long engagementAtMs;
    public long version;

    public ConversationState() {
    }

    /** A conversation the account has not told anything about yet. */
    public ConversationState(String accountId, String conversationId) {
        this.accountId = accountId;
        this.conversationId = conversationId;
    }
}
