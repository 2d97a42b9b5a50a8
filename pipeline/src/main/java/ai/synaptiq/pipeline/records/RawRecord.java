package ai.synaptiq.pipeline.records;

import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import ai.synaptiq.schemas.events.RejectedEventException;
import ai.synaptiq.schemas.events.Rejection;
import java.time.Duration;
import java.time.Instant;

/**
 * One record as read from the topic, with its place there (the dead-letter row key), parsed as
 * it is read: the source needs its event time for the watermark of its partition. Either
 * {@link #event} is set, or {@link #rejectionReason} and {@link #rejectionDetail} say why not.
 */
public class RawRecord {
    /** Event time of a record that is not an event: it moves no watermark. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    public String value;
    public String topic;
    public int partition;
    public long offset;
    public Event event;
    public String rejectionReason;
    public String rejectionDetail;

    public RawRecord() {
    }

    /**
     * Parses and validates the text (docs/events.md; null reads as empty); a record that breaks the
     * contract keeps its reason. An event dated more than {@code maxFutureMs} after {@code clockMs}
     * (the time the record was sent, see {@link RawRecordDeserializer}) is refused as
     * {@code in_future}: its time moves no watermark and no lateness mark.
     */
    public static RawRecord read(String value, String topic, int partition, long offset, long clockMs, long maxFutureMs) {
        RawRecord r = new RawRecord();
        r.value = value == null ? "" : value;
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        try {
            r.event = EventParser.parse(r.value);
            r.event.kafkaPartition = partition;
            r.event.kafkaOffset = offset;
        } catch (RejectedEventException e) {
            r.rejectionReason = e.rejection().reason();
            r.rejectionDetail = e.rejection().detail();
            return r;
        }
        if (r.event.occurredMs - clockMs > maxFutureMs) {
            r.rejectionReason = Rejection.IN_FUTURE;
            r.rejectionDetail = "occurredAt is more than " + Duration.ofMillis(maxFutureMs) + " after the record was sent ("
                    + Instant.ofEpochMilli(clockMs) + ")";
            r.event = null;
        }
        return r;
    }

    /** The event's time, or {@link #NO_EVENT_TIME} for a rejected record. */
    public long eventTimeMs() {
        return event == null ? NO_EVENT_TIME : event.occurredMs;
    }
}
