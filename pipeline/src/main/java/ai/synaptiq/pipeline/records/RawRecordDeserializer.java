package ai.synaptiq.pipeline.records;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Takes a Kafka record as text with its topic, partition and offset, and parses it there: the
 * source stamps each record with its event time and keeps a watermark per partition. A bad
 * record is kept, with its reason, for the dead-letter table.
 */
public class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        out.collect(RawRecord.read(value, r.topic(), r.partition(), r.offset()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
