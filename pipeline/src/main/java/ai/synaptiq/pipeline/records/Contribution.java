package ai.synaptiq.pipeline.records;

/** What one event (or one lead score change) adds to one overview bucket. */
public class Contribution {
    public String accountId;
    public long bucketStartMs;
    public long conversations;
    public long leads;
    public long qualified;
    public long messages;
    public long aiTimedMessages;
    public double responseMsSum;
    public long handoffs;
    public long revenueCents;
    public double scoreSum;
    public long sessions;
    public long meetings;
    public long conversions;
    public long endedScored;
    public double engagementSum;

    public Contribution() {
    }

    public Contribution(String accountId, long bucketStartMs) {
        this.accountId = accountId;
        this.bucketStartMs = bucketStartMs;
    }

    public void add(Contribution c) {
        conversations += c.conversations;
        leads += c.leads;
        qualified += c.qualified;
        messages += c.messages;
        aiTimedMessages += c.aiTimedMessages;
        responseMsSum += c.responseMsSum;
        handoffs += c.handoffs;
        revenueCents += c.revenueCents;
        scoreSum += c.scoreSum;
        sessions += c.sessions;
        meetings += c.meetings;
        conversions += c.conversions;
        endedScored += c.endedScored;
        engagementSum += c.engagementSum;
    }

    public String key() {
        return accountId + '\u0001' + bucketStartMs;
    }
}
