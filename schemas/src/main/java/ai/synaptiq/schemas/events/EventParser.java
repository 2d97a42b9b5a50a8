package ai.synaptiq.schemas.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Parses and validates one record of the topic against docs/events.md. Every rejection
 * names its reason and the offending field; unknown fields inside {@code data} are kept.
 */
public final class EventParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventParser() {
    }

    public static Event parse(String raw) throws RejectedEventException {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RejectedEventException(Rejection.INVALID_JSON, "record is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new RejectedEventException(Rejection.INVALID_JSON, "record is not a JSON object");
        }
        Event e = new Event();
        e.eventId = requiredId(root, "eventId");
        String type = requiredText(root, "type");
        EventType eventType = EventType.fromWire(type)
                .orElseThrow(() -> new RejectedEventException(Rejection.UNKNOWN_TYPE, "type '" + abbreviate(type) + "' is not an event type"));
        e.type = type;
        e.accountId = requiredId(root, "accountId");
        e.occurredMs = instant(requiredText(root, "occurredAt"));
        e.visitorId = optionalId(root, "visitorId");
        e.conversationId = optionalId(root, "conversationId");
        e.leadId = optionalId(root, "leadId");
        e.channel = optionalEnum(root, "channel", Vocabulary.CHANNELS);
        e.source = optionalEnum(root, "source", Vocabulary.SOURCES);
        e.description = optionalText(root, "description");
        if (eventType.needsVisitor() && e.visitorId == null) {
            throw missing("visitorId", type);
        }
        if (eventType.needsConversation() && e.conversationId == null) {
            throw missing("conversationId", type);
        }
        if (eventType.needsLead() && e.leadId == null) {
            throw missing("leadId", type);
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            data = JSON.createObjectNode();
        } else if (!data.isObject()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, "data must be a JSON object");
        }
        readData(e, eventType, (ObjectNode) data);
        e.dataJson = data.toString();
        e.raw = raw;
        return e;
    }

    private static void readData(Event e, EventType type, ObjectNode data) throws RejectedEventException {
        switch (type) {
            case MESSAGE_SENT -> {
                e.sender = enumValue(data, "data.sender", data.get("sender"), Vocabulary.SENDERS, true);
                if (!data.path("content").isTextual()) {
                    throw absentOrBad(data, "content", "a string");
                }
                e.responseTimeMs = number(data, "responseTimeMs", 0, Double.MAX_VALUE, false);
            }
            case CONVERSATION_ENDED -> e.engagementScore = number(data, "engagementScore", 0, 100, false);
            case CONVERSATION_HANDOFF -> {
                optionalTextField(data, "reason");
                optionalTextField(data, "agent");
            }
            case LEAD_CREATED -> {
                e.score = number(data, "score", 0, 100, true);
                for (String f : Set.of("email", "name", "phone", "company", "sourceUrl", "assignedTo")) {
                    optionalTextField(data, f);
                }
                stringArray(data, "tags");
                stringMap(data, "customProperties");
            }
            case LEAD_UPDATED -> {
                for (String f : Set.of("email", "name", "phone", "company", "assignedTo")) {
                    optionalTextField(data, f);
                }
                stringArray(data, "tags");
                stringMap(data, "customProperties");
                e.status = enumValue(data, "data.status", data.get("status"), Vocabulary.LEAD_STATUSES, false);
            }
            case LEAD_SCORE_CHANGED -> {
                e.scoreFrom = number(data, "from", 0, 100, true);
                e.score = number(data, "to", 0, 100, true);
            }
            case LEAD_QUALIFIED -> {
                enumValue(data, "data.previousStatus", data.get("previousStatus"), Vocabulary.LEAD_STATUSES, true);
                String newStatus = enumValue(data, "data.newStatus", data.get("newStatus"), Set.of("qualified"), true);
                e.status = newStatus;
                JsonNode change = data.get("scoreChange");
                if (change != null && !change.isNull()) {
                    if (!change.isObject()) {
                        throw new RejectedEventException(Rejection.INVALID_FIELD, "data.scoreChange must be an object {from, to}");
                    }
                    e.scoreFrom = number((ObjectNode) change, "from", 0, 100, true, "data.scoreChange.from");
                    e.score = number((ObjectNode) change, "to", 0, 100, true, "data.scoreChange.to");
                }
                e.estimatedDealSize = number(data, "estimatedDealSize", 0, Double.MAX_VALUE, false);
            }
            case MEETING_BOOKED -> {
                JsonNode at = data.get("meetingAt");
                if (at != null && !at.isNull()) {
                    if (!at.isTextual()) {
                        throw new RejectedEventException(Rejection.INVALID_FIELD, "data.meetingAt must be an ISO 8601 instant");
                    }
                    instant(at.asText(), "data.meetingAt");
                }
                enumValue(data, "data.provider", data.get("provider"), Vocabulary.MEETING_PROVIDERS, false);
            }
            case CONVERSION_COMPLETED -> e.amount = number(data, "amount", 0, Double.MAX_VALUE, false);
            case INTENT_HIGH_VALUE -> {
                if (!data.path("intent").isTextual() || data.path("intent").asText().isEmpty()) {
                    throw absentOrBad(data, "intent", "a non-empty string");
                }
                number(data, "confidence", 0, 1, true);
                e.estimatedDealSize = number(data, "estimatedDealSize", 0, Double.MAX_VALUE, false);
            }
            default -> {
                optionalTextField(data, "pageUrl");
            }
        }
    }

    private static RejectedEventException missing(String field, String type) {
        return new RejectedEventException(Rejection.MISSING_FIELD, field + " is required on " + type);
    }

    private static RejectedEventException absentOrBad(ObjectNode data, String field, String expected) {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return new RejectedEventException(Rejection.MISSING_FIELD, "data." + field + " is required");
        }
        return new RejectedEventException(Rejection.INVALID_FIELD, "data." + field + " must be " + expected);
    }

    private static String requiredText(JsonNode root, String field) throws RejectedEventException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw new RejectedEventException(Rejection.MISSING_FIELD, field + " is required");
        }
        if (!v.isTextual()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, field + " must be a string");
        }
        return v.asText();
    }

    private static String requiredId(JsonNode root, String field) throws RejectedEventException {
        String v = requiredText(root, field);
        checkId(field, v);
        return v;
    }

    private static String optionalId(JsonNode root, String field) throws RejectedEventException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, field + " must be a string");
        }
        checkId(field, v.asText());
        return v.asText();
    }

    private static void checkId(String field, String v) throws RejectedEventException {
        if (!isId(v)) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, field + " must be 1-64 characters of [A-Za-z0-9_-]");
        }
    }

    /** {@link Vocabulary#ID} without a regex engine: 1-64 characters of [A-Za-z0-9_-]. */
    static boolean isId(String v) {
        int n = v.length();
        if (n < 1 || n > 64) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String optionalText(JsonNode root, String field) throws RejectedEventException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, field + " must be a string");
        }
        return v.asText();
    }

    private static void optionalTextField(ObjectNode data, String field) throws RejectedEventException {
        JsonNode v = data.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, "data." + field + " must be a string");
        }
    }

    private static String optionalEnum(JsonNode root, String field, Set<String> allowed) throws RejectedEventException {
        return enumValue(root, field, root.get(field), allowed, false);
    }

    private static String enumValue(JsonNode parent, String label, JsonNode v, Set<String> allowed, boolean required)
            throws RejectedEventException {
        if (v == null || v.isNull()) {
            if (required) {
                throw new RejectedEventException(Rejection.MISSING_FIELD, label + " is required");
            }
            return null;
        }
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, label + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
        return v.asText();
    }

    private static Double number(ObjectNode data, String field, double min, double max, boolean required)
            throws RejectedEventException {
        return number(data, field, min, max, required, "data." + field);
    }

    private static Double number(ObjectNode data, String field, double min, double max, boolean required, String label)
            throws RejectedEventException {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new RejectedEventException(Rejection.MISSING_FIELD, label + " is required");
            }
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            String range = max == Double.MAX_VALUE ? ">= " + fmt(min) : "between " + fmt(min) + " and " + fmt(max);
            throw new RejectedEventException(Rejection.INVALID_FIELD, label + " must be a number " + range);
        }
        return v.asDouble();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void stringArray(ObjectNode data, String field) throws RejectedEventException {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isArray()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, "data." + field + " must be an array of strings");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new RejectedEventException(Rejection.INVALID_FIELD, "data." + field + " must be an array of strings");
            }
        }
    }

    private static void stringMap(ObjectNode data, String field) throws RejectedEventException {
        JsonNode v = data.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, "data." + field + " must be an object of strings");
        }
        for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
            if (!it.next().isTextual()) {
                throw new RejectedEventException(Rejection.INVALID_FIELD, "data." + field + " values must be strings");
            }
        }
    }

    private static long instant(String text) throws RejectedEventException {
        return instant(text, "occurredAt");
    }

    private static long instant(String text, String label) throws RejectedEventException {
        // A leading sign means an expanded year (+10000, -0001): not a plain ISO instant, and a large
        // one overflows epoch milliseconds, which would throw out of the parser instead of rejecting.
        if (text.startsWith("+") || text.startsWith("-")) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, label + " must be an ISO 8601 instant with a 4-digit year");
        }
        long fast = fastInstant(text);
        if (fast != NOT_FAST) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new RejectedEventException(Rejection.INVALID_FIELD, label + " must be an ISO 8601 instant with Z or an offset");
        }
    }

    static final long NOT_FAST = Long.MIN_VALUE;

    /**
     * Epoch millis of the usual shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|+HH:MM|-HH:MM)}
     * (years 1970-9999), as {@code OffsetDateTime.parse} gives them; {@link #NOT_FAST} for
     * anything else, which {@code OffsetDateTime.parse} then judges. It never accepts what the
     * full parser rejects: every field is range-checked and odd shapes fall through.
     */
    static long fastInstant(String t) {
        int n = t.length();
        if (n < 20 || n > 35 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return NOT_FAST;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_FAST;
        }
        int i = 19;
        long nanos = 0;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                nanos = nanos * 10 + (t.charAt(i) - '0');
                i++;
            }
            int k = i - start;
            if (k < 1 || k > 9) {
                return NOT_FAST;
            }
            for (int j = k; j < 9; j++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, 2);
            int om = digits(t, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 17 || om > 59 || t.charAt(i) == '-' && oh == 0 && om == 0) {
                return NOT_FAST;
            }
            offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return NOT_FAST;
        }
        long epochSecond = daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1000 + nanos / 1_000_000;
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil), year >= 1970 here. */
    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = y / 400;
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
