package ai.synaptiq.pipeline.functions;

import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import java.time.Instant;

/** Builds events the way the job sees them: JSON text through the real parser. */
final class TestEvents {
    static final String ACCOUNT = "acc_test";

    private TestEvents() {
    }

    /** e.g. {@code event("e1", "lead.created", "2026-03-01T10:00:00Z", "\"leadId\":\"l1\",\"data\":{\"score\":40}")} */
    static Event event(String id, String type, String at, String extraFields) {
        String json = "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"accountId\":\"" + ACCOUNT
                + "\",\"occurredAt\":\"" + at + "\"" + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
        try {
            return EventParser.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
