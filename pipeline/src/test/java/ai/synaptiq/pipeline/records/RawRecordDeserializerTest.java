package ai.synaptiq.pipeline.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The in_future rule where records are read: judged against the record's Kafka timestamp, capped at now. */
class RawRecordDeserializerTest {
    private static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");
    private final RawRecordDeserializer deserializer = new RawRecordDeserializer(Duration.ofHours(1));

    private RawRecord read(Instant occurredAt, long recordTimestampMs) {
        String json = "{\"eventId\":\"e1\",\"type\":\"visitor.session_started\",\"accountId\":\"acc\",\"occurredAt\":\""
                + occurredAt + "\",\"visitorId\":\"v1\",\"channel\":\"web_chat\"}";
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        List<RawRecord> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("topic", 0, 7, recordTimestampMs, TimestampType.CREATE_TIME, 0, value.length,
                null, value, new RecordHeaders(), Optional.empty()), new ListCollector<>(out));
        assertEquals(1, out.size());
        return out.get(0);
    }

    @Test
    void shouldRefuseAnEventDatedMoreThanMaxFutureAfterItsRecordWasSent() {
        RawRecord refused = read(SENT.plus(Duration.ofHours(1)).plusMillis(1), SENT.toEpochMilli());
        assertNull(refused.event);
        assertEquals("in_future", refused.rejectionReason);
        assertTrue(refused.rejectionDetail.contains("2026-03-01T10:00:00Z"), refused.rejectionDetail);
        assertEquals(RawRecord.NO_EVENT_TIME, refused.eventTimeMs(), "its date moves no watermark");
        assertEquals(7, refused.offset);

        RawRecord admitted = read(SENT.plus(Duration.ofHours(1)), SENT.toEpochMilli());
        assertNotNull(admitted.event);
        assertNull(admitted.rejectionReason);
    }

    @Test
    void shouldDecideAReplayLongAfterwardsAsTheFirstRunDid() {
        // Read nine months after it was sent, the event is still two hours ahead of its record: refused,
        // though its date has long passed.
        assertEquals("in_future", read(SENT.plus(Duration.ofHours(2)), SENT.toEpochMilli()).rejectionReason);
    }

    @Test
    void shouldCapARecordTimestampAheadOfTheClockAtNow() {
        long in2099 = Instant.parse("2099-01-01T00:00:00Z").toEpochMilli();
        assertEquals("in_future", read(Instant.parse("2099-01-01T00:00:00Z"), in2099).rejectionReason,
                "a producer that stamps its records ahead does not widen the window");
        assertEquals(1_000L, RawRecordDeserializer.clock(5_000L, 1_000L));
        assertEquals(1_000L, RawRecordDeserializer.clock(1_000L, 5_000L));
    }

    @Test
    void shouldJudgeARecordWithoutTimestampAgainstNow() {
        assertEquals("in_future", read(Instant.now().plus(Duration.ofHours(2)), ConsumerRecord.NO_TIMESTAMP).rejectionReason);
        assertNull(read(Instant.now().plus(Duration.ofMinutes(30)), ConsumerRecord.NO_TIMESTAMP).rejectionReason);
    }
}
