package ai.synaptiq.pipeline.records;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes a Kafka record as text with its topic, partition and offset, and parses it there: the
 * source stamps each record with its event time and keeps a watermark per partition. A bad
 * record is kept, with its reason, for the dead-letter table.
 *
 * <p>The clock an event's date is judged against ({@code in_future}) is the record's Kafka
 * timestamp, capped at the time it is read: the timestamp is fixed in the log, so a replay, or a
 * reprocessing months later, decides as the first run did; the cap keeps a producer that stamps
 * its records ahead (bad or hostile clock) from widening the window. docs/security.md, "Bad clocks".
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;
    private final long maxFutureMs;

    public RawRecordDeserializer(Duration maxFuture) {
        this.maxFutureMs = maxFuture.toMillis();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        out.collect(RawRecord.read(value, r.topic(), r.partition(), r.offset(), clock(r.timestamp(), System.currentTimeMillis()), maxFutureMs));
    }

    /** The record's timestamp, or now when it has none (-1) or is ahead of now. */
    static long clock(long recordTimestampMs, long nowMs) {
        return recordTimestampMs < 0 ? nowMs : Math.min(recordTimestampMs, nowMs);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
