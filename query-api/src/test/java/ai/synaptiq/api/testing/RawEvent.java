package ai.synaptiq.api.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Builds one raw event, as a producer would put it on the topic: a JSON line. */
public final class RawEvent {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node = JSON.createObjectNode();
    private final ObjectNode data = JSON.createObjectNode();
    private final long occurredMs;

    private RawEvent(String account, String id, String type, long occurredMs) {
        this.occurredMs = occurredMs;
        node.put("eventId", id).put("type", type).put("accountId", account).put("occurredAt", Instant.ofEpochMilli(occurredMs).toString());
    }

    public static RawEvent of(String account, String id, String type, long occurredMs) {
        return new RawEvent(account, id, type, occurredMs);
    }

    public static RawEvent of(String account, String id, String type, String occurredAt) {
        return new RawEvent(account, id, type, Instant.parse(occurredAt).toEpochMilli());
    }

    public long occurredMs() {
        return occurredMs;
    }

    public RawEvent visitor(String id) {
        return set("visitorId", id);
    }

    public RawEvent conversation(String id) {
        return set("conversationId", id);
    }

    public RawEvent lead(String id) {
        return set("leadId", id);
    }

    public RawEvent channel(String channel) {
        return set("channel", channel);
    }

    public RawEvent source(String source) {
        return set("source", source);
    }

    public RawEvent description(String text) {
        return set("description", text);
    }

    public RawEvent data(String field, Object value) {
        data.set(field, JSON.valueToTree(value));
        return this;
    }

    private RawEvent set(String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
        return this;
    }

    public String json() {
        ObjectNode copy = node.deepCopy();
        if (!data.isEmpty()) {
            copy.set("data", data);
        }
        return copy.toString();
    }
}
