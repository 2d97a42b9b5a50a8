package ai.synaptiq.pipeline;

import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.records.RawRecordDeserializer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's source: the topic's records, parsed as they are read, with their event time and
 * watermarks. Offsets are committed with each completed checkpoint; the job starts from the
 * consumer group's committed offsets, or from the earliest ones when it rebuilds from scratch.
 */
public final class KafkaEventSource {
    private KafkaEventSource() {
    }

    /**
     * The topic's records, parsed as they are read. The source keeps a watermark per partition
     * and passes on the smallest, so a subtask that reads several partitions in a catch-up does
     * not run ahead of the one it has read least of ({@code dataCompleteUntil} stays true).
     * Bounded reads up to the offsets current at start, then ends (tests and benchmarks).
     */
    public static DataStream<RawRecord> records(StreamExecutionEnvironment env, PipelineConfig config, boolean bounded) {
        return env.fromSource(source(config, bounded, new RawRecordDeserializer(config.maxFuture())), watermarks(config), "kafka-events")
                .uid("kafka-source");
    }

    /** The topic through the deserializer; bounded reads up to the offsets current at start, then ends (benchmarks). */
    public static <T> KafkaSource<T> source(PipelineConfig config, boolean bounded, KafkaRecordDeserializationSchema<T> deserializer) {
        var builder = KafkaSource.<T>builder()
                .setBootstrapServers(config.kafka())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setStartingOffsets(config.rebuildFromScratch() ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", bounded ? "-1" : "10000");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Event-time watermarks: bounded out-of-orderness behind the newest event time, and a silent
     * partition stops holding them back after the idleness. Rejected records (an in_future one
     * too: its date never reaches the generator) move nothing.
     */
    public static WatermarkStrategy<RawRecord> watermarks(PipelineConfig config) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((r, ts) -> r.eventTimeMs())
                .withIdleness(config.idleness());
    }
}
