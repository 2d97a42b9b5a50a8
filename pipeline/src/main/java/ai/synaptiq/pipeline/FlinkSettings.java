package ai.synaptiq.pipeline;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's Flink settings: RocksDB state, checkpoints kept on cancel beside their savepoints,
 * restarts that resume from them, the parallelism and object reuse.
 */
public final class FlinkSettings {
    private FlinkSettings() {
    }

    /** An execution environment with the job's Flink settings, parallelism and object reuse. */
    public static StreamExecutionEnvironment environment(PipelineConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(config));
        env.setParallelism(config.parallelism());
        // The number of key groups: the keyed state can later be rescaled up to this, never past it.
        env.setMaxParallelism(config.maxParallelism());
        // Operators never keep a reference to a record they passed on, so chained ones may share it.
        env.getConfig().enableObjectReuse();
        return env;
    }

    /** RocksDB, checkpoints kept on cancel, restarts that resume from them. */
    static Configuration configuration(PipelineConfig config) {
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
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, RetainedCheckpoints.savepointDirectory(config.checkpointDir()));
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(3));
        return conf;
    }

    /**
     * Sets up Flink's file systems (and their plugins, for s3://) with the job's settings: in a
     * local run they are not set up before execute(), and the starting state is looked up before.
     */
    public static void initializeFileSystems(PipelineConfig config) {
        Configuration flink = configuration(config);
        FileSystem.initialize(flink, PluginUtils.createPluginManagerFromRootFolder(flink));
    }
}
