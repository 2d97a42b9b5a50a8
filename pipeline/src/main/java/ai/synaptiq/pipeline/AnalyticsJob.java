package ai.synaptiq.pipeline;

import ai.synaptiq.pipeline.functions.AccountProcessor;
import ai.synaptiq.pipeline.functions.ErasureFilter;
import ai.synaptiq.pipeline.functions.RouteRejects;
import ai.synaptiq.pipeline.functions.SideOutputs;
import ai.synaptiq.pipeline.functions.WatermarkProgress;
import ai.synaptiq.pipeline.records.EventSerializer;
import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.sink.ClickHouseSink;
import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.schemas.events.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The analytics job: Kafka events in, exact ClickHouse tables out (docs/architecture.md).
 *
 * <pre>
 * Kafka source (parses each record, refuses one dated in the future; a watermark per partition) -> dead letters split off -> erasure filter (drops erased leads' events, tells the processor to forget them)
 *   -> keyBy(account) account processor: admission gate (dedup, too_late),
 *   conversations, leads, overview buckets -> events, activity, conversation, lead, rollup rows
 *   -> ClickHouse sink (chained);  parse dead letters + progress -> second ClickHouse sink
 * </pre>
 *
 * The parts around the graph: {@link FlinkSettings} (state backend, checkpoints, restarts),
 * {@link KafkaEventSource}, {@link ClickHouseMigrations}, {@link StartingState} (which state to
 * resume from, found by {@link RetainedCheckpoints}) and {@link ClickHouseSink}.
 * Flags (or SYNAPTIQ_* environment variables): see {@link PipelineConfig#help()} or {@code --help}.
 */
public final class AnalyticsJob {
    private final PipelineConfig config;

    public AnalyticsJob(PipelineConfig config) {
        this.config = config;
    }

    /**
     * Wires the graph from parsed records to the sink; main hands it Kafka ({@link KafkaEventSource})
     * and ClickHouse, tests what they like. The records carry their event time and watermarks.
     */
    public void build(DataStream<RawRecord> raw, Sink<TableRow> sink) {
        // These run beside the source (same parallelism, chained), so records keep their source
        // order until the first keyBy: the admission gate sees each partition in order.
        int sourceParallelism = raw.getParallelism();
        // uid "parse" is the one this stateless step had when it still parsed; kept so checkpoints map one to one.
        SingleOutputStreamOperator<Event> parsed = raw
                .process(new RouteRejects(), EventSerializer.TYPE).name("route-rejects").uid("parse").setParallelism(sourceParallelism);
        SingleOutputStreamOperator<Event> timed = parsed
                .process(new WatermarkProgress(), EventSerializer.TYPE).name("watermark-progress").uid("watermark-progress").setParallelism(sourceParallelism);
        // One keyed operator per account holds the admission gate, conversations, leads and overview
        // buckets: an event crosses the network once, and its rows go straight into the chained sink.
        timed.process(new ErasureFilter(config), EventSerializer.TYPE).name("erasure-filter").uid("erasure-filter")
                .setParallelism(sourceParallelism)
                .keyBy(e -> e.accountId, Types.STRING)
                .transform("account-processor", TypeInformation.of(TableRow.class), new AccountProcessor(AccountProcessor.Settings.of(config)))
                .uid("account-processor")
                .sinkTo(sink).name("clickhouse-sink").uid("clickhouse-sink");
        // Dead letters of the parser and watermark progress: few rows, their own sink instance.
        parsed.getSideOutput(SideOutputs.ROWS)
                .union(timed.getSideOutput(SideOutputs.ROWS))
                .sinkTo(sink).name("clickhouse-sink-side").uid("clickhouse-sink-side");
    }

    /**
     * The job on Kafka and ClickHouse, in an environment with the job's Flink settings; bounded
     * reads the topic up to the offsets current at start, then ends (benchmarks). The caller executes it.
     */
    public StreamExecutionEnvironment onKafka(boolean bounded) {
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        build(KafkaEventSource.records(env, config, bounded), new ClickHouseSink(config));
        return env;
    }

    /**
     * Runs the real job over a bounded list of records (arrival order kept) on a local
     * MiniCluster and returns once everything is in ClickHouse. For tests and benchmarks.
     */
    public static void runToCompletion(List<String> lines, PipelineConfig config) throws Exception {
        ClickHouseMigrations.apply(config);
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        List<RawRecord> records = new ArrayList<>(lines.size());
        // No Kafka timestamps here: the clock for in_future is the time the list is read.
        long now = System.currentTimeMillis();
        for (int i = 0; i < lines.size(); i++) {
            records.add(RawRecord.read(lines.get(i), config.topic(), 0, i, now, config.maxFuture().toMillis()));
        }
        DataStream<RawRecord> raw = env.fromData(records, TypeInformation.of(RawRecord.class)).setParallelism(1).name("records")
                .assignTimestampsAndWatermarks(KafkaEventSource.watermarks(config)).setParallelism(1).name("watermarks");
        new AnalyticsJob(config).build(raw, new ClickHouseSink(config));
        env.execute("synaptiq-analytics-bounded");
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(PipelineConfig.help());
            return;
        }
        PipelineConfig config;
        try {
            config = PipelineConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(PipelineConfig.help());
            System.exit(2);
            return;
        }
        System.out.print(config.describe());
        ClickHouseMigrations.apply(config);
        StreamExecutionEnvironment env = FlinkSettings.environment(config);
        // In a local run Flink's file systems (and their plugins, for s3://) are not set up before execute().
        boolean local = env instanceof LocalStreamEnvironment;
        if (local) {
            FlinkSettings.initializeFileSystems(config);
        }
        Optional<String> restore;
        try {
            restore = StartingState.choose(config, env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH));
        } catch (StartingState.Refused e) {
            if (!local) {
                throw e; // on a cluster, the submission fails with this message; exiting would stop the JobManager
            }
            System.err.println("error: " + e.getMessage());
            System.exit(3);
            return;
        }
        restore.ifPresent(path -> {
            Configuration from = new Configuration();
            from.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
            env.configure(from);
        });
        new AnalyticsJob(config).build(KafkaEventSource.records(env, config, false), new ClickHouseSink(config));
        env.execute("synaptiq-analytics");
    }
}
