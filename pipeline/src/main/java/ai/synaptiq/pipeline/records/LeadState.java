package ai.synaptiq.pipeline.records;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline knows of one lead. Each field is last-writer-wins by (occurredAt, eventId):
 * {@code stamps} holds the winning stamp per field, so arrival order cannot change the result.
 */
public class LeadState {
    public String accountId;
    public String leadId;
    public boolean created;
    public long createdMs;
    public String createdEventId;
    public long lastActivityMs;
    public String email;
    public String name;
    public String phone;
    public String company;
    public String status;
    public double score;
    public String source;
    public String sourceUrl;
    public List<String> tags;
    public String assignedTo;
    public Map<String, String> customProperties = new HashMap<>();
    public String visitorId;
    public String conversationId;
    /** field name (or "custom:" + key) -> "occurredMs|eventId" of the value it holds. */
    public Map<String, String> stamps = new HashMap<>();
    /** The bucket and score this lead currently adds to overview_rollup.score_sum (-1: none). */
    public long countedBucketMs = -1;
    public double countedScore;
    public long version;
    /** The lead was erased (GDPR): nothing else is kept, no row is written, later events linked to it are dropped. */
    public boolean erased;

    public LeadState() {
    }

    /** A lead the account has not told anything about yet. */
    public LeadState(String accountId, String leadId) {
        this.accountId = accountId;
        this.leadId = leadId;
    }
}
