package ai.synaptiq.pipeline;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Every tuning knob of the job, read once from flags ({@code --allowed-lateness 48h}) or the
 * environment ({@code SYNAPTIQ_ALLOWED_LATENESS=48h}), flags winning, and printed at start.
 * Durations take ms, s, m, h or d suffixes.
 */
public final class PipelineConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** name -> (default, description). Order is the order of --help and of the start-up print. */
    private static final Map<String, String[]> KNOBS = new LinkedHashMap<>();

    static {
        knob("kafka", "127.0.0.1:9092", "Kafka bootstrap servers");
        knob("topic", "synaptiq.events", "topic of the event stream");
        knob("group-id", "synaptiq-pipeline", "Kafka consumer group (offsets are committed on checkpoints)");
        knob("clickhouse", "http://127.0.0.1:8123", "ClickHouse HTTP address");
        knob("clickhouse-user", "default", "ClickHouse user");
        knob("clickhouse-password", "", "ClickHouse password");
        knob("parallelism", "2", "parallelism of every operator");
        knob("max-parallelism", "128", "most parallelism the keyed state can ever be rescaled to (its number of key groups); fixed for the life of the state");
        knob("checkpoint-interval", "10s", "how often state is checkpointed (and the sink flushed); a crash replays at most this much, which dedup absorbs");
        knob("checkpoint-dir", "file:///tmp/synaptiq-checkpoints", "checkpoint storage (file:// path or a URI Flink knows)");
        knob("resume", "true", "when Flink was given no savepoint (-s), resume from the newest savepoint or retained checkpoint under --checkpoint-dir");
        knob("rebuild-from-scratch", "false", "when there is no state to resume, start with empty state and read the topic from its earliest offsets, rewriting every row (without it the job refuses to start with empty state once its consumer group has committed offsets)");
        knob("rollup-grain", "15m", "bucket size of overview_rollup; must divide 15 minutes so every timezone's days are whole buckets");
        knob("allowed-lateness", "48h", "events older than (newest event of the account - this) go to dead_letters as too_late");
        knob("max-future", "1h", "events dated more than this after their Kafka record's timestamp (or the job's clock, if earlier) go to dead_letters as in_future");
        knob("out-of-orderness", "5s", "watermark delay behind the newest event time");
        knob("idleness", "10s", "a Kafka partition silent this long stops holding the watermark back");
        knob("dedup-ttl", "7d", "how long an eventId is remembered for de-duplication (at least 7 days)");
        knob("score-change-threshold", "10", "|to - from| at which lead.score_changed enters the activity feed");
        knob("sink-batch-size", "20000", "rows buffered before the ClickHouse sink starts an insert (up to 4x as many while the previous insert runs)");
        knob("sink-flush-interval", "500ms", "longest time a row waits in the sink buffer before its insert starts");
        knob("sink-max-retry", "60s", "how long the sink retries a failing insert before failing the job (which then restarts from its checkpoint)");
        knob("write-interval", "1s", "longest time a changed conversation, lead or overview row waits before it is written");
        knob("erasure-refresh", "5s", "how often the erased leads (synaptiq.lead_erasures) are reloaded; their later events are dropped");
    }

    private final Map<String, String> values;

    private PipelineConfig(Map<String, String> values) {
        this.values = values;
    }

    private static void knob(String name, String dflt, String description) {
        KNOBS.put(name, new String[] {dflt, description});
    }

    public static PipelineConfig defaults() {
        Map<String, String> v = new LinkedHashMap<>();
        KNOBS.forEach((k, d) -> v.put(k, d[0]));
        return new PipelineConfig(v);
    }

    /** Defaults, overridden by SYNAPTIQ_* environment variables, overridden by --flags. */
    public static PipelineConfig fromArgs(String[] args, Map<String, String> env) {
        PipelineConfig c = defaults();
        for (String k : KNOBS.keySet()) {
            String e = env.get("SYNAPTIQ_" + k.toUpperCase().replace('-', '_'));
            if (e != null && !e.isBlank()) {
                c = c.with(k, e);
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (see --help)");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (isSwitch(name) && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            c = c.with(name, value);
        }
        c.validate();
        return c;
    }

    /** A true/false knob may stand alone: {@code --rebuild-from-scratch} means {@code --rebuild-from-scratch true}. */
    private static boolean isSwitch(String name) {
        return KNOBS.containsKey(name) && (KNOBS.get(name)[0].equals("true") || KNOBS.get(name)[0].equals("false"));
    }

    public PipelineConfig with(String name, String value) {
        if (!KNOBS.containsKey(name)) {
            throw new IllegalArgumentException("unknown setting --" + name + " (see --help)");
        }
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put(name, value);
        return new PipelineConfig(v);
    }

    public PipelineConfig withClickHouse(String url) {
        return with("clickhouse", url);
    }

    public PipelineConfig withKafka(String bootstrap) {
        return with("kafka", bootstrap);
    }

    private void validate() {
        for (String k : KNOBS.keySet()) {
            if (KNOBS.get(k)[0].matches("\\d+(ms|s|m|h|d)")) {
                duration(k);
            }
        }
        if (dedupTtl().compareTo(Duration.ofDays(7)) < 0) {
            throw new IllegalArgumentException("--dedup-ttl must be at least 7d (docs/events.md §2: ids are remembered at least 7 days)");
        }
        if (Duration.ofMinutes(15).toMillis() % rollupGrain().toMillis() != 0) {
            throw new IllegalArgumentException("--rollup-grain must divide 15m (1m, 3m, 5m or 15m)");
        }
        if (erasureRefresh().toMillis() < 100) {
            throw new IllegalArgumentException("--erasure-refresh must be at least 100ms");
        }
        if (maxFuture().isNegative()) {
            throw new IllegalArgumentException("--max-future must not be negative");
        }
        if (parallelism() < 1 || sinkBatchSize() < 1 || scoreChangeThreshold() < 0) {
            throw new IllegalArgumentException("--parallelism and --sink-batch-size must be >= 1, --score-change-threshold >= 0");
        }
        if (maxParallelism() < parallelism() || maxParallelism() > 32768) {
            throw new IllegalArgumentException("--max-parallelism must be at least --parallelism and at most 32768");
        }
        for (String flag : new String[] {"resume", "rebuild-from-scratch"}) {
            if (!get(flag).equals("true") && !get(flag).equals("false")) {
                throw new IllegalArgumentException("--" + flag + " must be true or false");
            }
        }
    }

    public static String help() {
        StringBuilder sb = new StringBuilder("Synaptiq analytics pipeline (Flink). Every flag is also an environment variable SYNAPTIQ_<NAME>.\n");
        KNOBS.forEach((k, d) -> sb.append(String.format("  --%-24s %s (default %s)%n", k, d[1], d[0].isEmpty() ? "empty" : d[0])));
        return sb.toString();
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("pipeline settings:\n");
        values.forEach((k, v) -> sb.append(String.format("  %-24s = %s%n", k, printable(k, v))));
        return sb.toString();
    }

    /** Passwords never printed; a URL shown without the credentials it may carry. */
    private static String printable(String key, String value) {
        if (key.contains("password")) {
            return value.isEmpty() ? "" : "****";
        }
        return key.equals("clickhouse") ? ClickHouseClient.redacted(value) : value;
    }

    private String get(String k) {
        return values.get(k);
    }

    private <T> T parsed(String k, Function<String, T> f) {
        try {
            return f.apply(get(k));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + k + ": cannot read '" + get(k) + "'");
        }
    }

    Duration duration(String k) {
        return parsed(k, PipelineConfig::parseDuration);
    }

    static Duration parseDuration(String s) {
        s = s.trim();
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(s);
        };
    }

    public String kafka() { return get("kafka"); }
    public String topic() { return get("topic"); }
    public String groupId() { return get("group-id"); }
    public String clickhouse() { return get("clickhouse"); }
    public String clickhouseUser() { return get("clickhouse-user"); }
    public String clickhousePassword() { return get("clickhouse-password"); }
    public int parallelism() { return parsed("parallelism", Integer::parseInt); }
    public int maxParallelism() { return parsed("max-parallelism", Integer::parseInt); }
    public Duration checkpointInterval() { return duration("checkpoint-interval"); }
    /** A URI Flink accepts: a plain path (absolute or relative) becomes a file:// URI. */
    public String checkpointDir() {
        String dir = get("checkpoint-dir");
        return dir.contains("://") || dir.startsWith("file:") ? dir : java.nio.file.Path.of(dir).toAbsolutePath().toUri().toString();
    }
    public boolean resume() { return Boolean.parseBoolean(get("resume")); }
    public boolean rebuildFromScratch() { return Boolean.parseBoolean(get("rebuild-from-scratch")); }
    public Duration rollupGrain() { return duration("rollup-grain"); }
    public Duration allowedLateness() { return duration("allowed-lateness"); }
    public Duration maxFuture() { return duration("max-future"); }
    public Duration outOfOrderness() { return duration("out-of-orderness"); }
    public Duration idleness() { return duration("idleness"); }
    public Duration dedupTtl() { return duration("dedup-ttl"); }
    public int scoreChangeThreshold() { return parsed("score-change-threshold", Integer::parseInt); }
    public int sinkBatchSize() { return parsed("sink-batch-size", Integer::parseInt); }
    public Duration sinkFlushInterval() { return duration("sink-flush-interval"); }
    public Duration sinkMaxRetry() { return duration("sink-max-retry"); }
    public Duration writeInterval() { return duration("write-interval"); }
    public Duration erasureRefresh() { return duration("erasure-refresh"); }
}
