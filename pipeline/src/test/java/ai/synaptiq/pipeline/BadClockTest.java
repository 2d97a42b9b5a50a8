package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.pipeline.sink.ClickHouseSink;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.pipeline.testing.TestKafka;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * A producer with a wrong clock, through the real job on a real broker into ClickHouse: one
 * {@code visitor.session_started} dated 2099 on a partition, then the account's normal events.
 * The 2099 one is an {@code in_future} dead letter; it moves neither the account's lateness mark
 * (every later event is counted) nor the watermark ({@code dataCompleteUntil} stays behind now).
 */
class BadClockTest {
    private static final Instant MARCH = Instant.parse("2026-03-01T10:00:00Z");
    private static final int SESSIONS = 3000;
    private static final AtomicLong HIGHEST_WATERMARK = new AtomicLong(Long.MIN_VALUE);
    private static final TestKafka kafka = TestKafka.shared();

    /** Notes the highest watermark a record meets right behind the source. */
    static final class WatermarkProbe extends ProcessFunction<RawRecord, RawRecord> {
        @Override
        public void processElement(RawRecord r, Context ctx, Collector<RawRecord> out) {
            HIGHEST_WATERMARK.accumulateAndGet(ctx.timerService().currentWatermark(), Math::max);
            out.collect(r);
        }
    }

    private static String event(String acc, String id, String type, Instant at, String fields) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"" + at + "\"," + fields + "}";
    }

    @Test
    void shouldCountEveryEventAfterOneDatedIn2099AndKeepTheWatermarkBehindNow() throws Exception {
        LocalClickHouse ch = LocalClickHouse.shared();
        ClickHouseClient client = ch.client();
        String run = Long.toString(System.nanoTime(), 36);
        String acc = "clock_" + run;
        String topic = "bad-clock." + run;
        List<String> lines = new ArrayList<>();
        lines.add(event(acc, "from2099", "visitor.session_started", Instant.parse("2099-01-01T00:00:00Z"), "\"visitorId\":\"v2099\",\"channel\":\"web_chat\""));
        for (int i = 0; i < SESSIONS; i++) {
            lines.add(event(acc, "s" + i, "visitor.session_started", MARCH.plusSeconds(i), "\"visitorId\":\"v" + i + "\",\"channel\":\"web_chat\""));
        }
        Instant later = MARCH.plusSeconds(SESSIONS);
        lines.add(event(acc, "c1", "conversation.started", later, "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"channel\":\"web_chat\""));
        lines.add(event(acc, "m1", "message.sent", later.plusSeconds(5), "\"visitorId\":\"v1\",\"conversationId\":\"c1\","
                + "\"data\":{\"sender\":\"ai\",\"content\":\"Hi\",\"responseTimeMs\":800}"));
        lines.add(event(acc, "l1", "lead.created", later.plusSeconds(60), "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"leadId\":\"l1\","
                + "\"source\":\"chat\",\"data\":{\"score\":40}"));
        kafka.createTopic(topic, 1);
        kafka.publish(topic, 0, lines);
        long started = System.currentTimeMillis();

        PipelineConfig config = PipelineConfig.defaults().withKafka(kafka.bootstrap()).withClickHouse(ch.url()).with("topic", topic)
                .with("group-id", "g-" + topic).with("parallelism", "1")
                .with("checkpoint-dir", Files.createTempDirectory("bad-clock-cp").toUri().toString());
        ClickHouseMigrations.apply(config);
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        env.getConfig().setAutoWatermarkInterval(1);
        DataStream<RawRecord> records = KafkaEventSource.records(env, config, true);
        records.process(new WatermarkProbe()).sinkTo(new DiscardingSink<>());
        new AnalyticsJob(config).build(records, new ClickHouseSink(config));
        env.execute("bad-clock");
        long finished = System.currentTimeMillis();

        ReferenceModel.Outcome expected = ReferenceModel.run(lines);
        assertEquals(lines.size() - 1, expected.admitted().size(), "the oracle counts every normal event too");
        assertEquals("", TableExpectations.diff(client, expected, Set.of(acc), topic));
        String where = " WHERE account_id = '" + acc + "' FORMAT TabSeparated";
        assertEquals(Integer.toString(SESSIONS + 3), client.query("SELECT count() FROM synaptiq.events FINAL" + where).trim());
        assertEquals("0\tin_future", client.query("SELECT kafka_offset, reason FROM synaptiq.dead_letters FINAL" + where).trim(),
                "the 2099 record, and nothing else");

        long highest = HIGHEST_WATERMARK.get();
        assertTrue(highest > MARCH.toEpochMilli(), "the watermark moved with the normal events: " + Instant.ofEpochMilli(highest));
        assertTrue(highest < finished, "the watermark reached " + Instant.ofEpochMilli(highest));
        String progress = client.query("SELECT count(), max(watermark_ms) FROM synaptiq.pipeline_progress FINAL WHERE updated_ms >= "
                + started + " FORMAT TabSeparated").trim();
        String[] countAndMax = progress.split("\t");
        assertTrue(Long.parseLong(countAndMax[0]) >= 1, "the run recorded its progress");
        assertTrue(Long.parseLong(countAndMax[1]) < finished, "dataCompleteUntil would be " + Instant.ofEpochMilli(Long.parseLong(countAndMax[1])));
    }
}
