package ai.synaptiq.pipeline.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.reference.ReferenceModel.ActivityRow;
import ai.synaptiq.pipeline.reference.ReferenceModel.AdmittedEvent;
import ai.synaptiq.pipeline.reference.ReferenceModel.BucketKey;
import ai.synaptiq.pipeline.reference.ReferenceModel.ConversationState;
import ai.synaptiq.pipeline.reference.ReferenceModel.LeadState;
import ai.synaptiq.pipeline.reference.ReferenceModel.Outcome;
import ai.synaptiq.pipeline.reference.ReferenceModel.Rollup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceModelTest {
    private static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void shouldDropADuplicateArrivingAfterTheLatenessWindowWithoutDeadLettering() {
        String first = event("e1", "lead.created", T0, "\"leadId\":\"L1\"", "{\"score\":40}");
        Outcome out = ReferenceModel.run(List.of(
                first,
                event("e2", "intent.high_value", T0.plus(Duration.ofHours(50)), "", "{\"intent\":\"x\",\"confidence\":0.9}"),
                first));
        assertEquals(List.of(2), out.droppedDuplicates());
        assertTrue(out.deadLetters().isEmpty());
        assertEquals(List.of("e1", "e2"), out.admitted().stream().map(AdmittedEvent::eventId).toList());
    }

    @Test
    void shouldAdmitExactlyAtTheLatenessBoundaryAndRejectOneMillisecondEarlier() {
        Instant newest = T0.plus(Duration.ofDays(3));
        String justTooLate = intent("e3", newest.minus(Duration.ofHours(48)).minusMillis(1));
        Outcome out = ReferenceModel.run(List.of(
                intent("e1", newest),
                intent("e2", newest.minus(Duration.ofHours(48))),
                justTooLate,
                justTooLate));
        assertEquals(List.of("e1", "e2"), out.admitted().stream().map(AdmittedEvent::eventId).toList());
        // a refused event is not remembered: its copy is judged again, not dropped as a duplicate
        assertEquals(Map.of(2, "too_late", 3, "too_late"), out.deadLetterReasons());
        assertEquals("acc", out.deadLetters().get(0).accountId());
        assertTrue(out.droppedDuplicates().isEmpty());
    }

    @Test
    void shouldDeadLetterAnEventDatedFarAheadAsInFutureAndKeepCountingTheAccountsLaterEvents() {
        Instant now = Instant.now();
        Outcome out = ReferenceModel.run(List.of(
                intent("e2099", Instant.parse("2099-01-01T00:00:00Z")),
                intent("e1", T0),
                intent("e2", T0.plusSeconds(60)),
                intent("soon", now.plus(Duration.ofMinutes(50)))));
        assertEquals(Map.of(0, "in_future"), out.deadLetterReasons());
        assertEquals("acc", out.deadLetters().get(0).accountId());
        // The 2099 date moved no lateness mark: events of March 2026 are no more than 48 h behind anything admitted.
        assertEquals(List.of("e1", "e2", "soon"), out.admitted().stream().map(AdmittedEvent::eventId).toList());
    }

    @Test
    void shouldMeasureLatenessAgainstTheNewestEventOfTheSameAccountOnly() {
        Outcome out = ReferenceModel.run(List.of(
                intent("e1", T0.plus(Duration.ofDays(10))),
                intent("e1", T0).replace("\"acc\"", "\"other\"")));
        assertTrue(out.deadLetters().isEmpty());
        assertEquals(2, out.admitted().size());
    }

    @Test
    void shouldDeadLetterBrokenRecordsWithTheParsersReason() {
        Outcome out = ReferenceModel.run(List.of(
                "not json",
                "{\"eventId\":\"e1\",\"type\":\"lead.exploded\",\"accountId\":\"acc\",\"occurredAt\":\"2026-03-10T12:00:00Z\"}",
                "{\"eventId\":\"e2\",\"type\":\"lead.created\",\"accountId\":\"acc\",\"occurredAt\":\"2026-03-10T12:00:00Z\"}",
                "{\"eventId\":\"e3\",\"type\":\"conversation.started\",\"accountId\":\"acc\",\"occurredAt\":\"2026-03-10T12:00:00Z\","
                        + "\"visitorId\":\"v\",\"conversationId\":\"c\",\"channel\":\"fax\"}"));
        assertEquals(Map.of(0, "invalid_json", 1, "unknown_type", 2, "missing_field", 3, "invalid_field"), out.deadLetterReasons());
        assertEquals("", out.deadLetters().get(0).accountId());
        assertEquals("acc", out.deadLetters().get(1).accountId());
    }

    @Test
    void shouldResolveScoreAndStatusByOccurredAtWhateverTheArrivalOrder() {
        Outcome out = ReferenceModel.run(List.of(
                event("c", "lead.created", T0, "\"leadId\":\"L1\",\"source\":\"form\"", "{\"score\":40,\"name\":\"Ana\"}"),
                scoreChange("s3", T0.plusSeconds(300), 60, 80),
                scoreChange("s2", T0.plusSeconds(200), 40, 60),
                event("m", "meeting.booked", T0.plusSeconds(500), "\"leadId\":\"L1\"", "{\"provider\":\"calcom\"}"),
                event("q", "lead.qualified", T0.plusSeconds(400), "\"leadId\":\"L1\"",
                        "{\"previousStatus\":\"new\",\"newStatus\":\"qualified\"}"),
                event("u", "lead.updated", T0.plusSeconds(100), "\"leadId\":\"L1\"", "{\"status\":\"disqualified\",\"name\":\"Old\"}")));
        LeadState lead = out.lead("acc", "L1");
        assertEquals(80.0, lead.score());
        assertEquals("demo_booked", lead.status());
        assertEquals("Old", lead.name(), "each field has its own latest writer");
        assertEquals("form", lead.source());
        assertEquals(T0.toEpochMilli(), lead.createdMs());
        assertEquals(T0.plusSeconds(500).toEpochMilli(), lead.lastActivityMs());
        assertEquals(6, lead.events());
    }

    @Test
    void shouldBreakOccurredAtTiesByEventId() {
        Outcome out = ReferenceModel.run(List.of(
                event("c", "lead.created", T0, "\"leadId\":\"L1\"", "{\"score\":40}"),
                scoreChange("e9", T0.plusSeconds(60), 40, 90),
                scoreChange("e10", T0.plusSeconds(60), 40, 10)));
        assertEquals(90.0, out.lead("acc", "L1").score(), "\"e9\" sorts after \"e10\"");
    }

    @Test
    void shouldMergeCustomPropertiesKeyByKeyLatestFirst() {
        Outcome out = ReferenceModel.run(List.of(
                event("c", "lead.created", T0, "\"leadId\":\"L1\"",
                        "{\"score\":40,\"customProperties\":{\"a\":\"1\",\"b\":\"1\"},\"tags\":[\"x\"]}"),
                event("u2", "lead.updated", T0.plusSeconds(20), "\"leadId\":\"L1\"", "{\"customProperties\":{\"b\":\"2\",\"c\":\"3\"}}"),
                event("u0", "lead.updated", T0.minusSeconds(20), "\"leadId\":\"L1\"",
                        "{\"customProperties\":{\"a\":\"0\",\"c\":\"9\",\"d\":\"4\"},\"tags\":[\"old\"],\"company\":null}")));
        LeadState lead = out.lead("acc", "L1");
        assertEquals(Map.of("a", "1", "b", "2", "c", "3", "d", "4"), lead.customProperties());
        assertEquals(List.of("x"), lead.tags());
        assertNull(lead.company());
    }

    @Test
    void shouldPutScoreChangesInTheFeedOnlyFromTheThreshold() {
        Outcome out = ReferenceModel.run(List.of(
                event("c", "lead.created", T0, "\"leadId\":\"L1\",\"source\":\"chat\"",
                        "{\"score\":40,\"email\":\"a@b.example\",\"name\":\"Ana\"}"),
                scoreChange("s9", T0.plusSeconds(1), 40, 49),
                scoreChange("s10", T0.plusSeconds(2), 49, 59),
                scoreChange("sm10", T0.plusSeconds(3), 59, 49),
                scoreChange("s95", T0.plusSeconds(4), 49, 58.5)));
        assertEquals(List.of("c", "s10", "sm10"), out.activity().stream().map(ActivityRow::id).toList());
        assertEquals("{\"score\":40,\"source\":\"chat\"}", out.activity().get(0).metadata().toString());
        assertEquals("{\"from\":49,\"to\":59}", out.activity().get(1).metadata().toString());
        assertEquals(58.5, out.lead("acc", "L1").score(), "every change still moves the score");
    }

    @Test
    void shouldInheritChannelAndLeadFromTheConversationAsKnownWhenProcessed() {
        Outcome out = ReferenceModel.run(List.of(
                message("m1", T0.plusSeconds(5), "visitor", null),
                started("cs", T0, "whatsapp"),
                message("m2", T0.plusSeconds(10), "ai", 800.0),
                event("lc", "lead.created", T0.plusSeconds(20), "\"leadId\":\"L1\",\"visitorId\":\"v1\",\"conversationId\":\"c1\"",
                        "{\"score\":30}"),
                event("h", "conversation.handoff", T0.plusSeconds(30), "\"visitorId\":\"v1\",\"conversationId\":\"c1\"",
                        "{\"reason\":\"pricing\",\"agent\":\"Sam\"}"),
                message("m3", T0.plusSeconds(40), "visitor", null).replace("\"data\"", "\"channel\":\"slack\",\"data\"")));
        Map<String, AdmittedEvent> byId = new java.util.HashMap<>();
        out.admitted().forEach(a -> byId.put(a.eventId(), a));
        assertNull(byId.get("m1").channel());
        assertNull(byId.get("m1").leadId());
        assertEquals("whatsapp", byId.get("m2").channel());
        assertNull(byId.get("m2").leadId());
        assertEquals("whatsapp", byId.get("lc").channel());
        assertEquals("L1", byId.get("h").leadId());
        assertEquals("slack", byId.get("m3").channel(), "an event's own channel wins");
        assertEquals("L1", byId.get("m3").leadId());

        ConversationState c = out.conversation("acc", "c1");
        assertEquals("whatsapp", c.channel());
        assertEquals("L1", c.leadId());
        assertEquals("v1", c.visitorId());
        assertEquals(3, c.messageCount());
        assertTrue(c.handoff());
        assertFalse(c.qualificationTriggered());
        assertEquals(T0.toEpochMilli(), c.startedMs());
        assertNull(c.endedMs());
        assertEquals(T0.plusSeconds(40).toEpochMilli(), c.lastEventMs());
        assertEquals(6, c.events());

        ActivityRow handoff = out.activity().stream().filter(a -> a.id().equals("h")).findFirst().orElseThrow();
        assertEquals("L1", handoff.leadId());
        assertEquals("c1", handoff.conversationId());
        assertEquals(List.of(1), out.leads().values().stream().map(l -> l.created() ? 1 : 0).toList());
        assertEquals(3, out.lead("acc", "L1").events(), "lead.created, the handoff and m3 reach the lead");
    }

    @Test
    void shouldTakeTheChannelOfConversationStartedOverTheFirstOneSeen() {
        Outcome out = ReferenceModel.run(List.of(
                message("m1", T0.plusSeconds(5), "visitor", null).replace("\"data\"", "\"channel\":\"api\",\"data\""),
                message("m2", T0.plusSeconds(6), "visitor", null),
                started("cs", T0, "web_chat"),
                message("m3", T0.plusSeconds(7), "visitor", null)));
        List<String> channels = out.admitted().stream().map(AdmittedEvent::channel).toList();
        assertEquals(List.of("api", "api", "web_chat", "web_chat"), channels);
        assertEquals("web_chat", out.conversation("acc", "c1").channel());
    }

    @Test
    void shouldSumRollupsPerFifteenMinuteBucketWithTheLeadsCurrentScore() {
        Instant bucket = Instant.parse("2026-03-10T12:00:00Z");
        Outcome out = ReferenceModel.run(List.of(
                started("cs", bucket.plusSeconds(60), "web_chat"),
                message("m1", bucket.plusSeconds(70), "ai", 1200.0),
                message("m2", bucket.plusSeconds(80), "visitor", null),
                event("lc", "lead.created", bucket.plusSeconds(14 * 60 + 59), "\"leadId\":\"L1\"", "{\"score\":30}"),
                scoreChange("up", bucket.plusSeconds(3600), 30, 75),
                event("q", "lead.qualified", bucket.plusSeconds(15 * 60), "\"leadId\":\"L1\"",
                        "{\"previousStatus\":\"new\",\"newStatus\":\"qualified\",\"estimatedDealSize\":12999.99}"),
                event("end", "conversation.ended", bucket.plusSeconds(16 * 60), "\"visitorId\":\"v1\",\"conversationId\":\"c1\"",
                        "{\"engagementScore\":64.5}")));
        Rollup first = out.rollup().get(new BucketKey("acc", bucket.toEpochMilli()));
        assertEquals(new Rollup(1, 1, 0, 2, 1, 1200, 0, 0, 75, 0, 0, 0, 0, 0), first);
        Rollup second = out.rollup().get(new BucketKey("acc", bucket.plusSeconds(15 * 60).toEpochMilli()));
        assertEquals(new Rollup(0, 0, 1, 0, 0, 0, 0, 1_299_999, 0, 0, 0, 0, 1, 64.5), second);
        assertEquals(2, out.rollup().size());
    }

    private static String intent(String id, Instant at) {
        return event(id, "intent.high_value", at, "", "{\"intent\":\"pricing\",\"confidence\":0.9}");
    }

    private static String scoreChange(String id, Instant at, double from, double to) {
        return event(id, "lead.score_changed", at, "\"leadId\":\"L1\"", "{\"from\":" + number(from) + ",\"to\":" + number(to) + "}");
    }

    private static String started(String id, Instant at, String channel) {
        return event(id, "conversation.started", at, "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"channel\":\"" + channel + "\"", "{}");
    }

    private static String message(String id, Instant at, String sender, Double responseTimeMs) {
        String data = "{\"sender\":\"" + sender + "\",\"content\":\"hello\""
                + (responseTimeMs == null ? "" : ",\"responseTimeMs\":" + number(responseTimeMs)) + "}";
        return event(id, "message.sent", at, "\"visitorId\":\"v1\",\"conversationId\":\"c1\"", data);
    }

    private static String event(String id, String type, Instant at, String envelope, String data) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"accountId\":\"acc\",\"occurredAt\":\"" + at + "\""
                + (envelope.isEmpty() ? "" : "," + envelope) + ",\"data\":" + data + "}";
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
