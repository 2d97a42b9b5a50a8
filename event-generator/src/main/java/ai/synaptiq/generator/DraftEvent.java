package ai.synaptiq.generator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One event of a visitor's story before it gets its eventId and account and becomes a line. */
final class DraftEvent {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final ZoneOffset INDIA = ZoneOffset.ofHoursMinutes(5, 30);

    final long occurredMs;
    final String type;
    String visitorId;
    String conversationId;
    String leadId;
    String channel;
    String source;
    String description;
    /** Written with a +05:30 offset instead of Z: the same instant, the other spelling. */
    boolean indiaOffset;
    final ObjectNode data = JsonNodeFactory.instance.objectNode();

    DraftEvent(long occurredMs, String type) {
        this.occurredMs = occurredMs;
        this.type = type;
    }

    /** The record as a producer would send it; {@code data} is shared, not copied. */
    ObjectNode toJson(String eventId, String accountId, long atMs) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("eventId", eventId);
        e.put("type", type);
        e.put("accountId", accountId);
        e.put("occurredAt", instant(atMs, indiaOffset));
        putIfPresent(e, "visitorId", visitorId);
        putIfPresent(e, "conversationId", conversationId);
        putIfPresent(e, "leadId", leadId);
        putIfPresent(e, "channel", channel);
        putIfPresent(e, "source", source);
        putIfPresent(e, "description", description);
        e.set("data", data);
        return e;
    }

    static String instant(long ms, boolean indiaOffset) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), indiaOffset ? INDIA : ZoneOffset.UTC).format(MILLIS);
    }

    /** Whole numbers are written without a fraction, as most producers would. */
    static void putNumber(ObjectNode node, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }

    private static void putIfPresent(ObjectNode e, String field, String value) {
        if (value != null) {
            e.put(field, value);
        }
    }
}
