package ai.synaptiq.pipeline;

import ai.synaptiq.schemas.cli.Cli;
import ai.synaptiq.schemas.cli.ClickHouseOptions;
import ai.synaptiq.schemas.cli.DurationConverter;
import ai.synaptiq.schemas.cli.KafkaOptions;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every tuning knob of the job, read once from flags ({@code --allowed-lateness 48h}) or the
 * environment ({@code SYNAPTIQ_ALLOWED_LATENESS=48h}), flags winning, and printed at start.
 * Durations are written {@code 250ms}, {@code 10s}, {@code 15m}, {@code 48h} or {@code 7d}.
 */
@Command(name = "AnalyticsJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Synaptiq analytics pipeline (Flink). Every flag is also an environment variable SYNAPTIQ_<NAME>.")
public final class PipelineConfig implements Serializable {
    private static final long serialVersionUID = 2L;

    @Mixin private KafkaOptions kafka = new KafkaOptions();
    @Option(names = "--group-id", defaultValue = "synaptiq-pipeline", description = "Kafka consumer group (offsets are committed on checkpoints)") private String groupId;
    @Mixin private ClickHouseOptions clickHouse = new ClickHouseOptions();
    @Option(names = "--parallelism", defaultValue = "2", description = "parallelism of every operator") private int parallelism;
    @Option(names = "--max-parallelism", defaultValue = "128",
            description = "most parallelism the keyed state can ever be rescaled to (its number of key groups); fixed for the life of the state") private int maxParallelism;
    @Option(names = "--checkpoint-interval", defaultValue = "10s",
            description = "how often state is checkpointed (and the sink flushed); a crash replays at most this much, which dedup absorbs") private Duration checkpointInterval;
    @Option(names = "--checkpoint-dir", defaultValue = "file:///tmp/synaptiq-checkpoints", description = "checkpoint storage (file:// path or a URI Flink knows)") private String checkpointDir;
    @Option(names = "--resume", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "when Flink was given no savepoint (-s), resume from the newest savepoint or retained checkpoint under --checkpoint-dir") private boolean resume;
    @Option(names = "--rebuild-from-scratch", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "when there is no state to resume, start with empty state and read the topic from its earliest offsets, rewriting every row"
                    + " (without it the job refuses to start with empty state once its consumer group has committed offsets)") private boolean rebuildFromScratch;
    @Option(names = "--rollup-grain", defaultValue = "15m", description = "bucket size of overview_rollup; must divide 15 minutes so every timezone's days are whole buckets") private Duration rollupGrain;
    @Option(names = "--allowed-lateness", defaultValue = "48h", description = "events older than (newest event of the account - this) go to dead_letters as too_late") private Duration allowedLateness;
    @Option(names = "--max-future", defaultValue = "1h",
            description = "events dated more than this after their Kafka record's timestamp (or the job's clock, if earlier) go to dead_letters as in_future") private Duration maxFuture;
    @Option(names = "--out-of-orderness", defaultValue = "5s", description = "watermark delay behind the newest event time") private Duration outOfOrderness;
    @Option(names = "--idleness", defaultValue = "10s", description = "a Kafka partition silent this long stops holding the watermark back") private Duration idleness;
    @Option(names = "--dedup-ttl", defaultValue = "7d", description = "how long an eventId is remembered for de-duplication (at least 7 days)") private Duration dedupTtl;
    @Option(names = "--score-change-threshold", defaultValue = "10", description = "|to - from| at which lead.score_changed enters the activity feed") private int scoreChangeThreshold;
    @Option(names = "--sink-batch-size", defaultValue = "20000",
            description = "rows buffered before the ClickHouse sink starts an insert (up to 4x as many while the previous insert runs)") private int sinkBatchSize;
    @Option(names = "--sink-flush-interval", defaultValue = "500ms", description = "longest time a row waits in the sink buffer before its insert starts") private Duration sinkFlushInterval;
    @Option(names = "--sink-max-retry", defaultValue = "60s",
            description = "how long the sink retries a failing insert before failing the job (which then restarts from its checkpoint)") private Duration sinkMaxRetry;
    @Option(names = "--write-interval", defaultValue = "1s", description = "longest time a changed conversation, lead or overview row waits before it is written") private Duration writeInterval;
    @Option(names = "--erasure-refresh", defaultValue = "5s",
            description = "how often the erased leads (synaptiq.lead_erasures) are reloaded; their later events are dropped") private Duration erasureRefresh;

    /** What it was read from, so that {@link #with} can read it again with one more flag. */
    private final ArrayList<String> args = new ArrayList<>();
    private final HashMap<String, String> env = new HashMap<>();

    private PipelineConfig() {
    }

    public static PipelineConfig defaults() {
        return fromArgs(new String[0], Map.of());
    }

    /** Defaults, overridden by SYNAPTIQ_* environment variables, overridden by --flags. */
    public static PipelineConfig fromArgs(String[] args, Map<String, String> env) {
        PipelineConfig c = Cli.parse(new PipelineConfig(), args, env);
        c.args.addAll(List.of(args));
        env.forEach((k, v) -> {
            if (k.startsWith("SYNAPTIQ_")) {
                c.env.put(k, v);
            }
        });
        c.validate();
        return c;
    }

    /** This configuration with {@code --name value} given as well. */
    public PipelineConfig with(String name, String value) {
        List<String> more = new ArrayList<>(args);
        more.add("--" + name + "=" + value);
        return fromArgs(more.toArray(String[]::new), env);
    }

    public PipelineConfig withClickHouse(String url) {
        return with("clickhouse", url);
    }

    public PipelineConfig withKafka(String bootstrap) {
        return with("kafka", bootstrap);
    }

    private void validate() {
        if (dedupTtl.compareTo(Duration.ofDays(7)) < 0) {
            throw new IllegalArgumentException("--dedup-ttl must be at least 7d (docs/events.md §2: ids are remembered at least 7 days)");
        }
        if (rollupGrain.isZero() || Duration.ofMinutes(15).toMillis() % rollupGrain.toMillis() != 0) {
            throw new IllegalArgumentException("--rollup-grain must divide 15m (1m, 3m, 5m or 15m)");
        }
        if (erasureRefresh.toMillis() < 100) {
            throw new IllegalArgumentException("--erasure-refresh must be at least 100ms");
        }
        if (parallelism < 1 || sinkBatchSize < 1 || scoreChangeThreshold < 0) {
            throw new IllegalArgumentException("--parallelism and --sink-batch-size must be >= 1, --score-change-threshold >= 0");
        }
        if (maxParallelism < parallelism || maxParallelism > 32768) {
            throw new IllegalArgumentException("--max-parallelism must be at least --parallelism and at most 32768");
        }
    }

    public static String help() {
        return Cli.help(new PipelineConfig());
    }

    /** One line per setting, in the order of --help; passwords never printed, a URL without its credentials. */
    public String describe() {
        StringBuilder sb = new StringBuilder("pipeline settings:\n");
        line(sb, "kafka", kafka.bootstrap);
        line(sb, "topic", kafka.topic);
        line(sb, "clickhouse", clickHouse.describe());
        for (Field f : PipelineConfig.class.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o != null) {
                try {
                    Object v = f.get(this);
                    line(sb, o.names()[0].substring(2), v instanceof Duration d ? DurationConverter.format(d) : v);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Object value) {
        sb.append(String.format("  %-24s = %s%n", name, value));
    }

    public String kafka() { return kafka.bootstrap; }
    public String topic() { return kafka.topic; }
    public String groupId() { return groupId; }
    public String clickhouse() { return clickHouse.url; }
    public String clickhouseUser() { return clickHouse.user; }
    public String clickhousePassword() { return clickHouse.password; }
    public int parallelism() { return parallelism; }
    public int maxParallelism() { return maxParallelism; }
    public Duration checkpointInterval() { return checkpointInterval; }
    /** A URI Flink accepts: a plain path (absolute or relative) becomes a file:// URI. */
    public String checkpointDir() {
        return checkpointDir.contains("://") || checkpointDir.startsWith("file:") ? checkpointDir
                : java.nio.file.Path.of(checkpointDir).toAbsolutePath().toUri().toString();
    }
    public boolean resume() { return resume; }
    public boolean rebuildFromScratch() { return rebuildFromScratch; }
    public Duration rollupGrain() { return rollupGrain; }
    public Duration allowedLateness() { return allowedLateness; }
    public Duration maxFuture() { return maxFuture; }
    public Duration outOfOrderness() { return outOfOrderness; }
    public Duration idleness() { return idleness; }
    public Duration dedupTtl() { return dedupTtl; }
    public int scoreChangeThreshold() { return scoreChangeThreshold; }
    public int sinkBatchSize() { return sinkBatchSize; }
    public Duration sinkFlushInterval() { return sinkFlushInterval; }
    public Duration sinkMaxRetry() { return sinkMaxRetry; }
    public Duration writeInterval() { return writeInterval; }
    public Duration erasureRefresh() { return erasureRefresh; }
}
