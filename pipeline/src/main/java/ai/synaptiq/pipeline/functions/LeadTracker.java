package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The lead rules of {@link AccountProcessor}: every event carrying a leadId (its own or its
 * conversation's) is applied to the lead's state, each field last-writer-wins by (occurredAt,
 * eventId), so out-of-order arrival gives the same lead; and the lead's current score is moved
 * into the overview bucket it was created in.
 */
public final class LeadTracker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeadTracker() {
    }

    /** Applies an event carrying (own or enriched) leadId to the lead's state. */
    static void apply(LeadState l, Event e) throws IOException {
        l.version++;
        l.lastActivityMs = Math.max(l.lastActivityMs, e.occurredMs);
        String stamp = stamp(e);
        switch (e.type) {
            case "lead.created" -> {
                JsonNode d = JSON.readTree(e.dataJson);
                // Several lead.created for one lead: the earliest (occurredAt, eventId) is the creation.
                if (!l.created || stamp.compareTo(stamp(l.createdMs, l.createdEventId)) < 0) {
                    l.created = true;
                    l.createdMs = e.occurredMs;
                    l.createdEventId = e.eventId;
                    l.source = e.source;
                    l.visitorId = e.visitorId;
                    l.conversationId = e.conversationId;
                    l.sourceUrl = text(d, "sourceUrl");
                }
                set(l, "status", stamp, () -> l.status = "new");
                set(l, "score", stamp, () -> l.score = e.score);
                contactFields(l, d, stamp);
            }
            case "lead.updated" -> {
                contactFields(l, JSON.readTree(e.dataJson), stamp);
                if (e.status != null) {
                    set(l, "status", stamp, () -> l.status = e.status);
                }
            }
            case "lead.score_changed" -> set(l, "score", stamp, () -> l.score = e.score);
            case "lead.qualified" -> {
                set(l, "status", stamp, () -> l.status = "qualified");
                if (e.score != null) {
                    set(l, "score", stamp, () -> l.score = e.score);
                }
            }
            case "meeting.booked" -> set(l, "status", stamp, () -> l.status = "demo_booked");
            case "conversion.completed" -> set(l, "status", stamp, () -> l.status = "converted");
            default -> {
            }
        }
    }

    /** What the change does to overview score sums: take the old score out of its bucket, put the new one in. */
    static Contribution[] scoreMoves(LeadState l, long grainMs) {
        long bucket = l.created ? Math.floorDiv(l.createdMs, grainMs) * grainMs : -1;
        if (bucket == l.countedBucketMs && (bucket < 0 || l.score == l.countedScore)) {
            return new Contribution[0];
        }
        List<Contribution> moves = new ArrayList<>(2);
        if (l.countedBucketMs >= 0) {
            Contribution out = new Contribution(l.accountId, l.countedBucketMs);
            out.scoreSum = -l.countedScore;
            moves.add(out);
        }
        if (bucket >= 0) {
            Contribution in = new Contribution(l.accountId, bucket);
            in.scoreSum = l.score;
            moves.add(in);
        }
        l.countedBucketMs = bucket;
        l.countedScore = l.score;
        return moves.toArray(new Contribution[0]);
    }

    private static void contactFields(LeadState l, JsonNode d, String stamp) {
        for (String f : new String[] {"email", "name", "phone", "company", "assignedTo"}) {
            JsonNode v = d.get(f);
            if (v != null && !v.isNull()) {
                String value = v.asText();
                set(l, f, stamp, () -> {
                    switch (f) {
                        case "email" -> l.email = value;
                        case "name" -> l.name = value;
                        case "phone" -> l.phone = value;
                        case "company" -> l.company = value;
                        default -> l.assignedTo = value;
                    }
                });
            }
        }
        JsonNode tags = d.get("tags");
        if (tags != null && tags.isArray()) {
            List<String> list = new ArrayList<>();
            tags.forEach(t -> list.add(t.asText()));
            set(l, "tags", stamp, () -> l.tags = list);
        }
        JsonNode custom = d.get("customProperties");
        if (custom != null && custom.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = custom.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = it.next();
                set(l, "custom:" + kv.getKey(), stamp, () -> l.customProperties.put(kv.getKey(), kv.getValue().asText()));
            }
        }
    }

    /** Applies a field's new value only when this event is later than the one that set it. */
    private static void set(LeadState l, String field, String stamp, Runnable assign) {
        String current = l.stamps.get(field);
        if (current == null || newer(stamp, current)) {
            assign.run();
            l.stamps.put(field, stamp);
        }
    }

    static String stamp(Event e) {
        return stamp(e.occurredMs, e.eventId);
    }

    /** "%019d|%s" of (ms, eventId), without a Formatter per call. */
    static String stamp(long ms, String eventId) {
        if (ms < 0) {
            return String.format("%019d|%s", ms, eventId);
        }
        String digits = Long.toString(ms);
        StringBuilder sb = new StringBuilder(20 + (eventId == null ? 4 : eventId.length()));
        for (int i = digits.length(); i < 19; i++) {
            sb.append('0');
        }
        return sb.append(digits).append('|').append(eventId).toString();
    }

    private static boolean newer(String a, String b) {
        return a.compareTo(b) > 0;
    }

    private static String text(JsonNode d, String f) {
        JsonNode v = d.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
