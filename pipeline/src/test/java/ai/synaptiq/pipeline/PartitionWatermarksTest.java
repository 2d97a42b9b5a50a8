package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.testing.TestKafka;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The job's Kafka source on a real broker: one subtask reading two partitions in a catch-up, one
 * of them months ahead of the other. The watermark it passes on is the smaller partition's, so
 * {@code dataCompleteUntil} never claims a period whose events are still unread.
 */
class PartitionWatermarksTest {
    private static final Instant JANUARY = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2026-06-10T00:00:00Z");
    private static final int PER_PARTITION = 3000;
    private static final AtomicLong HIGHEST_WATERMARK = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong HIGHEST_MET_BY_JANUARY = new AtomicLong(Long.MIN_VALUE);
    private static final AtomicLong RECORDS = new AtomicLong();
    private static final AtomicLong REJECTED = new AtomicLong();
    private static final TestKafka kafka = TestKafka.shared();

    private static List<String> visits(String prefix, Instant from) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < PER_PARTITION; i++) {
            lines.add("{\"eventId\":\"" + prefix + i + "\",\"type\":\"visitor.session_started\",\"accountId\":\"acc_" + prefix
                    + "\",\"occurredAt\":\"" + from.plusSeconds(i) + "\",\"visitorId\":\"v" + i + "\",\"channel\":\"web_chat\"}");
        }
        return lines;
    }

    /** Notes the watermark each record meets downstream of the source. */
    static final class WatermarkProbe extends ProcessFunction<RawRecord, RawRecord> {
        @Override
        public void processElement(RawRecord r, Context ctx, Collector<RawRecord> out) {
            long watermark = ctx.timerService().currentWatermark();
            HIGHEST_WATERMARK.accumulateAndGet(watermark, Math::max);
            if (r.event != null && r.event.occurredMs < JUNE.toEpochMilli()) {
                HIGHEST_MET_BY_JANUARY.accumulateAndGet(watermark, Math::max);
            }
            RECORDS.incrementAndGet();
            if (r.event == null) {
                REJECTED.incrementAndGet();
            }
            out.collect(r);
        }
    }

    @Test
    void shouldHoldTheWatermarkAtThePartitionReadLeast() throws Exception {
        String topic = "watermarks." + System.nanoTime();
        kafka.createTopic(topic, 2);
        kafka.publish(topic, 0, visits("june", JUNE));
        List<String> january = new ArrayList<>(visits("jan", JANUARY));
        january.add(PER_PARTITION / 2, "not json");
        kafka.publish(topic, 1, january);

        PipelineConfig config = PipelineConfig.defaults().withKafka(kafka.bootstrap()).with("topic", topic)
                .with("group-id", "g-" + topic).with("parallelism", "1");
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        env.getConfig().setAutoWatermarkInterval(1);
        KafkaEventSource.records(env, config, true).process(new WatermarkProbe()).sinkTo(new DiscardingSink<>());
        env.execute("partition-watermarks");

        assertEquals(2L * PER_PARTITION + 1, RECORDS.get(), "every record, the bad one too, comes through");
        assertEquals(1, REJECTED.get());
        long highest = HIGHEST_WATERMARK.get();
        assertTrue(highest > JANUARY.toEpochMilli(), "watermarks advanced while the records were read: " + Instant.ofEpochMilli(highest));
        // A January record never meets June's watermark: while January is unread, it holds the watermark back.
        long metByJanuary = HIGHEST_MET_BY_JANUARY.get();
        assertTrue(metByJanuary < JANUARY.plusSeconds(PER_PARTITION).toEpochMilli(),
                "a January record met the watermark " + Instant.ofEpochMilli(metByJanuary));
    }
}
