package ai.synaptiq.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.tools.ingest.EventPublisher;
import ai.synaptiq.schemas.events.EventParser;
import ai.synaptiq.schemas.events.RejectedEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {
    private static final Instant NOW = Instant.parse("2026-04-06T09:30:00Z");

    private final MockProducer<String, String> kafka = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final DemoTraffic traffic = new DemoTraffic(new EventPublisher(kafka, "synaptiq.events"), "demo", 2, 1, NOW);

    @Test
    void shouldBackfillAFewThousandEventsOfTheLastThirtyDays() {
        Instant from = NOW.minus(Duration.ofDays(30));
        long sent = traffic.backfill(from, NOW);

        assertEquals(sent, kafka.history().size());
        assertTrue(sent > 3_000 && sent < 6_000, sent + " records");
        ReferenceModel.Outcome outcome = ReferenceModel.run(values());
        assertEquals(3 + 5, outcome.deadLetters().size(), "three too-late and five malformed records");
        assertTrue(outcome.admitted().stream().allMatch(a -> a.occurredMs() >= from.toEpochMilli() && a.occurredMs() < NOW.toEpochMilli()));
        assertTrue(outcome.admitted().stream().allMatch(a -> a.accountId().equals("demo")));
        assertKeyedByVisitorThenLead();
    }

    @Test
    void shouldSendLiveEventsAtTheRateWhenTheirTimeComes() throws Exception {
        List<Long> awaited = new ArrayList<>();
        traffic.live(NOW, Duration.ofHours(1), 0, awaited::add);

        long hourMs = Duration.ofHours(1).toMillis();
        assertTrue(kafka.history().size() > 0.8 * 2 * 3600 && kafka.history().size() < 1.2 * 2 * 3600,
                kafka.history().size() + " records for 2/s during an hour");
        for (int i = 1; i < awaited.size(); i++) {
            assertTrue(awaited.get(i) >= awaited.get(i - 1), "paced in order");
        }
        assertTrue(awaited.get(0) >= NOW.toEpochMilli() && awaited.get(awaited.size() - 1) < NOW.toEpochMilli() + hourMs);
        ReferenceModel.Outcome outcome = ReferenceModel.run(values());
        assertTrue(outcome.admitted().stream().allMatch(a -> a.occurredMs() >= NOW.toEpochMilli()
                && a.occurredMs() < NOW.toEpochMilli() + hourMs), "live events are dated now");
        assertEquals(1 + 2, outcome.deadLetters().size(), "a too-late and two malformed records per hour");
        assertKeyedByVisitorThenLead();
    }

    @Test
    void shouldNeverReuseAnEventIdBetweenBackfillAndLiveTraffic() throws Exception {
        traffic.backfill(NOW.minus(Duration.ofDays(30)), NOW);
        traffic.live(NOW, Duration.ofHours(1), 0, epochMs -> { });
        traffic.live(NOW.plus(Duration.ofHours(1)), Duration.ofHours(1), 1, epochMs -> { });
        Map<String, String> lineOfId = new HashMap<>();
        for (String line : values()) {
            String eventId = eventIdOrNull(line);
            if (eventId != null) {
                String earlier = lineOfId.putIfAbsent(eventId, line);
                assertTrue(earlier == null || earlier.equals(line), "eventId reused: " + earlier + " / " + line);
            }
        }
    }

    private List<String> values() {
        return kafka.history().stream().map(ProducerRecord::value).toList();
    }

    private void assertKeyedByVisitorThenLead() {
        for (ProducerRecord<String, String> r : kafka.history()) {
            assertEquals(EventPublisher.recordKey(r.value()), r.key());
        }
        assertTrue(kafka.history().stream().anyMatch(r -> r.key() != null && r.key().startsWith("v_")));
        assertTrue(kafka.history().stream().anyMatch(r -> r.key() != null && r.key().startsWith("lead_")));
        assertTrue(kafka.history().stream().anyMatch(r -> r.key() == null));
    }

    private static String eventIdOrNull(String line) {
        try {
            return EventParser.parse(line).eventId;
        } catch (RejectedEventException e) {
            return null;
        }
    }
}
