package ai.synaptiq.pipeline;

import ai.synaptiq.pipeline.functions.AccountProcessor;
import ai.synaptiq.pipeline.functions.ErasureFilter;
import ai.synaptiq.pipeline.functions.RouteRejects;
import ai.synaptiq.pipeline.functions.SideOutputs;
import ai.synaptiq.pipeline.functions.WatermarkProgress;
import ai.synaptiq.pipeline.records.EventSerializer;
import ai.synaptiq.pipeline.records.RawRecord;
import ai.synaptiq.pipeline.records.RawRecordDeserializer;
import ai.synaptiq.pipeline.records.TableRow;
import ai.synaptiq.pipeline.sink.ClickHouseSink;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.events.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

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
 * Flags (or SYNAPTIQ_* environment variables): see {@link PipelineConfig#help()} or {@code --help}.
 */
public final class AnalyticsJob {
    private final PipelineConfig config;

    public AnalyticsJob(PipelineConfig config) {
        this.config = config;
    }

    /**
     * Wires the graph from parsed records to the sink; main hands it Kafka ({@link #kafkaRecords})
     * and ClickHouse, tests what they like. The records carry their event time and watermarks.
     */
    public void build(DataStream<RawRecord> raw, Sink<TableRow> sink) {
        long grainMs = config.rollupGrain().toMillis();
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
                .transform("account-processor", TypeInformation.of(TableRow.class), new AccountProcessor(config.topic(),
                        config.allowedLateness(), config.dedupTtl(), grainMs, config.writeInterval().toMillis(),
                        config.scoreChangeThreshold()))
                .uid("account-processor")
                .sinkTo(sink).name("clickhouse-sink").uid("clickhouse-sink");
        // Dead letters of the parser and watermark progress: few rows, their own sink instance.
        parsed.getSideOutput(SideOutputs.ROWS)
                .union(timed.getSideOutput(SideOutputs.ROWS))
                .sinkTo(sink).name("clickhouse-sink-side").uid("clickhouse-sink-side");
    }

    /** Flink settings of the job: RocksDB, checkpoints kept on cancel, restarts that resume from them. */
    public Configuration flinkConfiguration(Optional<String> restoreFrom) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // Timers live on the heap (checkpointed with the state): only keys changed in the last write
        // interval have one, and a heap timer costs no RocksDB round trip per event.
        conf.set(ConfigOptions.key("state.backend.rocksdb.timer-service.factory").stringType().noDefaultValue(), "HEAP");
        // Most lookups are for keys never seen (a new event id, a new lead): bloom filters answer those
        // without reading SST blocks. Managed memory (RocksDB's cache) applies to local runs.
        conf.set(ConfigOptions.key("state.backend.rocksdb.use-bloom-filter").booleanType().noDefaultValue(), true);
        conf.set(ConfigOptions.key("taskmanager.memory.managed.size").stringType().noDefaultValue(), "384m");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        // Savepoints beside the checkpoints, where a resubmission with --resume looks for them (StartingState).
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, config.checkpointDir().replaceAll("/+$", "") + "/" + StartingState.SAVEPOINTS);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(3));
        restoreFrom.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p));
        return conf;
    }

    /**
     * Event-time watermarks: bounded out-of-orderness behind the newest event time, and a silent
     * partition stops holding them back after the idleness. Rejected records (an in_future one
     * too: its date never reaches the generator) move nothing.
     */
    public WatermarkStrategy<RawRecord> watermarkStrategy() {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((r, ts) -> r.eventTimeMs())
                .withIdleness(config.idleness());
    }

    /**
     * The topic's records, parsed as they are read. The source keeps a watermark per partition
     * and passes on the smallest, so a subtask that reads several partitions in a catch-up does
     * not run ahead of the one it has read least of ({@code dataCompleteUntil} stays true).
     */
    public DataStream<RawRecord> kafkaRecords(StreamExecutionEnvironment env, boolean bounded) {
        return env.fromSource(kafkaSource(bounded, new RawRecordDeserializer(config.maxFuture())), watermarkStrategy(), "kafka-events")
                .uid("kafka-source");
    }

    /** The topic through the deserializer; bounded reads up to the offsets current at start, then ends (benchmarks). */
    public <T> KafkaSource<T> kafkaSource(boolean bounded, KafkaRecordDeserializationSchema<T> deserializer) {
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

    /** An execution environment with the job's Flink settings, parallelism and object reuse. */
    public StreamExecutionEnvironment environment(Optional<String> restoreFrom) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(restoreFrom));
        env.setParallelism(config.parallelism());
        // The number of key groups: the keyed state can later be rescaled up to this, never past it.
        env.setMaxParallelism(config.maxParallelism());
        // Operators never keep a reference to a record they passed on, so chained ones may share it.
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** Builds the streaming job on Kafka and ClickHouse; the caller executes it. */
    public StreamExecutionEnvironment streamingEnvironment(Optional<String> restoreFrom) {
        StreamExecutionEnvironment env = environment(restoreFrom);
        build(kafkaRecords(env, false), new ClickHouseSink(config));
        return env;
    }

    /**
     * Runs the real job over a bounded list of records (arrival order kept) on a local
     * MiniCluster and returns once everything is in ClickHouse. For tests and benchmarks.
     */
    public static void runToCompletion(List<String> lines, PipelineConfig config) throws Exception {
        migrate(config);
        AnalyticsJob job = new AnalyticsJob(config);
        StreamExecutionEnvironment env = job.environment(Optional.empty());
        List<RawRecord> records = new ArrayList<>(lines.size());
        // No Kafka timestamps here: the clock for in_future is the time the list is read.
        long now = System.currentTimeMillis();
        for (int i = 0; i < lines.size(); i++) {
            records.add(RawRecord.read(lines.get(i), config.topic(), 0, i, now, config.maxFuture().toMillis()));
        }
        DataStream<RawRecord> raw = env.fromData(records, TypeInformation.of(RawRecord.class)).setParallelism(1).name("records")
                .assignTimestampsAndWatermarks(job.watermarkStrategy()).setParallelism(1).name("watermarks");
        job.build(raw, new ClickHouseSink(config));
        env.execute("synaptiq-analytics-bounded");
    }

    /** Applies the ClickHouse migrations, waiting up to a minute for ClickHouse to come up. */
    public static void migrate(PipelineConfig config) throws InterruptedException {
        ClickHouseClient ch = new ClickHouseClient(config.clickhouse(), config.clickhouseUser(), config.clickhousePassword(), Duration.ofSeconds(30));
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                Migrations.apply(ch);
                return;
            } catch (ClickHouseException e) {
                if (e.status() != 0 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
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
        migrate(config);
        AnalyticsJob job = new AnalyticsJob(config);
        StreamExecutionEnvironment env = job.environment(Optional.empty());
        // In a local run Flink's file systems (and their plugins, for s3://) are not set up before execute().
        boolean local = env instanceof LocalStreamEnvironment;
        if (local) {
            Configuration flink = job.flinkConfiguration(Optional.empty());
            FileSystem.initialize(flink, PluginUtils.createPluginManagerFromRootFolder(flink));
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
        job.build(job.kafkaRecords(env, false), new ClickHouseSink(config));
        env.execute("synaptiq-analytics");
    }
}
