package ai.synaptiq.api;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.api.exports.ExportsConfig;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the API server can be told, read once from flags and {@code SYNAPTIQ_*} environment
 * variables (a flag wins over its variable) and printed at start.
 */
public record ApiConfig(
        String host,
        int port,
        String clickHouseUrl,
        String clickHouseUser,
        String clickHousePassword,
        Duration clickHouseTimeout,
        RateLimit rateLimit,
        Duration freshness,
        Duration refresh,
        Duration recompute,
        int cacheEntries,
        long cacheBytes,
        boolean exportScheduler,
        ExportsConfig exports) {

    /** Requests a key may make per period; {@code permits == 0} switches the limit off. */
    public record RateLimit(long permits, Duration period) {
        private static final Pattern SHAPE = Pattern.compile("(\\d{1,9})(?:/(s|sec|second|m|min|minute|h|hour))?");

        public static RateLimit parse(String text) {
            if (text.equalsIgnoreCase("off")) {
                return new RateLimit(0, Duration.ofMinutes(1));
            }
            Matcher m = SHAPE.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("--rate-limit must look like 600/min, 20/s or 5000/h (a bare number is per minute; off), got '" + text + "'");
            }
            Duration period = m.group(2) == null ? Duration.ofMinutes(1) : switch (m.group(2)) {
                case "s", "sec", "second" -> Duration.ofSeconds(1);
                case "m", "min", "minute" -> Duration.ofMinutes(1);
                default -> Duration.ofHours(1);
            };
            return new RateLimit(Long.parseLong(m.group(1)), period);
        }

        public boolean enabled() {
            return permits > 0;
        }

        @Override
        public String toString() {
            if (!enabled()) {
                return "off";
            }
            String unit = period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1)) ? "min" : "h";
            return permits + "/" + unit;
        }
    }

    /** The flags, their variables and defaults, in the order {@code --help} lists them. */
    private static final List<Flag> FLAGS = List.of(
            new Flag("host", "127.0.0.1", "address to listen on (0.0.0.0 to serve beyond this machine, as in docker-compose.yml)"),
            new Flag("port", "7070", "HTTP port"),
            new Flag("clickhouse", "http://127.0.0.1:8123", "ClickHouse HTTP URL"),
            new Flag("clickhouse-user", "default", "ClickHouse user"),
            new Flag("clickhouse-password", "", "ClickHouse password"),
            new Flag("clickhouse-timeout-ms", "30000", "how long one ClickHouse query may take before the API answers 503"),
            new Flag("rate-limit", "6000/min", "requests per API key: N/s, N/min, N/h or off"),
            new Flag("freshness-ms", "5000", "how old ClickHouse's state (new data, new or revoked keys) may be in an answer at most; past that age requests wait for a new read; 0 reads it for every request"),
            new Flag("refresh-ms", "250", "how often that state is renewed in the background while requests come (at most half of --freshness-ms); requests do not wait for the renewal, so answers normally reflect ClickHouse within this plus one read"),
            new Flag("recompute-ms", "500", "how often at most one cached answer (account and query) is recomputed once its account's data changed (at most half of --freshness-ms); meanwhile the previous answer is served, so however many dashboards poll, an answer costs ClickHouse at most one query per interval"),
            new Flag("cache-entries", "10000", "responses kept for polling dashboards (0 switches the cache off)"),
            new Flag("cache-mb", "64", "memory the response cache may use, in MB"),
            new Flag("smtp-host", "", "SMTP server of email deliveries of scheduled exports (empty: email destinations fail, saying so)"),
            new Flag("smtp-port", "25", "SMTP port"),
            new Flag("smtp-from", "exports@synaptiq.local", "sender address of export emails"),
            new Flag("smtp-user", "", "SMTP user (empty: no SMTP authentication)"),
            new Flag("smtp-password", "", "SMTP password"),
            new Flag("smtp-starttls", "false", "true: require STARTTLS on the SMTP connection"),
            new Flag("export-scheduler", "on", "on: this instance runs due scheduled exports and retries (instances agree through ClickHouse); off: it never does"),
            new Flag("export-tick-ms", "30000", "how often the export scheduler looks for due runs and retries"),
            new Flag("incremental-lag-ms", "30000", "how far behind ClickHouse's clock an incremental export's window ends (longer than an insert takes)"),
            new Flag("instance-id", "", "name of this instance in scheduled-run claims (empty: api-<random>)"),
            new Flag("erasure-wait-ms", "120000", "how long DELETE /v1/leads/{id} waits for ClickHouse's deletions before answering 202 in_progress"),
            new Flag("allow-private-destinations", "off", "on: webhooks, the alert webhook and S3 endpoints may be loopback, private or link-local addresses (only for receivers inside your own network; see docs/security.md)"),
            new Flag("secrets-key", "", "base64 of 32 random bytes (openssl rand -base64 32) sealing webhook and S3 secrets at rest; empty: such destinations cannot be created"),
            new Flag("delivery-timeout-ms", "30000", "the longest one webhook or S3 delivery may take (connect, send, answer together)"),
            new Flag("export-run-threads", "4", "scheduled runs carried out at once, off the scheduler's tick"),
            new Flag("exports-per-account", "2", "exports (and downloads of past files) one account may stream at once; one more is 429"));

    private record Flag(String name, String defaultValue, String help) {
        String envName() {
            return "SYNAPTIQ_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    public static ApiConfig defaults() {
        return fromArgs(new String[0], Map.of());
    }

    /** Reads flags ({@code --name value} or {@code --name=value}) over environment variables over defaults. */
    public static ApiConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Flag f : FLAGS) {
            values.put(f.name(), env.getOrDefault(f.envName(), f.defaultValue()));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; see --help");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag --" + name + " needs a value; see --help");
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + "; see --help");
            }
            values.put(name, value);
        }
        return new ApiConfig(
                values.get("host"),
                number(values, "port", Integer::parseInt, 0, 65535),
                values.get("clickhouse"),
                values.get("clickhouse-user"),
                values.get("clickhouse-password"),
                Duration.ofMillis(number(values, "clickhouse-timeout-ms", Integer::parseInt, 100, 3_600_000)),
                RateLimit.parse(values.get("rate-limit")),
                Duration.ofMillis(number(values, "freshness-ms", Integer::parseInt, 0, 60_000)),
                Duration.ofMillis(number(values, "refresh-ms", Integer::parseInt, 0, 60_000)),
                Duration.ofMillis(number(values, "recompute-ms", Integer::parseInt, 0, 60_000)),
                number(values, "cache-entries", Integer::parseInt, 0, 10_000_000),
                number(values, "cache-mb", Integer::parseInt, 0, 1_000_000) * 1024L * 1024L,
                onOff(values, "export-scheduler"),
                exports(values));
    }

    /** The export settings from the flags; what has no flag (retry delays, file retention, claim settling) keeps the spec's values. */
    private static ExportsConfig exports(Map<String, String> values) {
        ExportsConfig d = ExportsConfig.defaults();
        String instance = values.get("instance-id").strip();
        if (!instance.isEmpty() && !instance.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("--instance-id must be 1-64 characters of letters, digits and _ . : -, got '" + instance + "'");
        }
        return new ExportsConfig(values.get("smtp-host").strip(), number(values, "smtp-port", Integer::parseInt, 1, 65535),
                values.get("smtp-from").strip(), values.get("smtp-user"), values.get("smtp-password"), bool(values, "smtp-starttls"),
                instance.isEmpty() ? d.instanceId() : instance,
                Duration.ofMillis(number(values, "export-tick-ms", Integer::parseInt, 100, 3_600_000)), d.claimSettle(),
                d.fileRetention(), d.retryDelays(), Duration.ofMillis(number(values, "erasure-wait-ms", Integer::parseInt, 1_000, 3_600_000)),
                onOff(values, "allow-private-destinations"), secretsKey(values.get("secrets-key")),
                Duration.ofMillis(number(values, "delivery-timeout-ms", Integer::parseInt, 100, 3_600_000)),
                number(values, "export-run-threads", Integer::parseInt, 1, 256), number(values, "exports-per-account", Integer::parseInt, 1, 1000),
                d.cloud(), Duration.ofMillis(number(values, "incremental-lag-ms", Integer::parseInt, 2_000, 3_600_000)));
    }

    /** The key as given, once checked to be base64 of 32 bytes (never printed). */
    private static String secretsKey(String text) {
        SecretsKey.of(text);
        return text.strip();
    }

    private static boolean onOff(Map<String, String> values, String name) {
        return switch (values.get(name).strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be on or off, got '" + values.get(name) + "'");
        };
    }

    private static boolean bool(Map<String, String> values, String name) {
        return switch (values.get(name).strip().toLowerCase(Locale.ROOT)) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false, got '" + values.get(name) + "'");
        };
    }

    public static String help() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: java -jar synaptiq-api.jar [--flag value ...]");
        for (Flag f : FLAGS) {
            lines.add(String.format("  --%-24s %s (env %s, default %s)", f.name(), f.help(), f.envName(),
                    f.defaultValue().isEmpty() ? "empty" : f.defaultValue()));
        }
        return String.join("\n", lines);
    }

    /** One line per setting, the password masked. */
    public String describe() {
        return String.join("\n",
                "  host                 " + host,
                "  port                 " + port,
                "  clickhouse           " + ClickHouseClient.redacted(clickHouseUrl),
                "  clickhouse-user      " + clickHouseUser,
                "  clickhouse-password  " + (clickHousePassword.isEmpty() ? "(empty)" : "****"),
                "  clickhouse-timeout   " + clickHouseTimeout.toMillis() + " ms",
                "  rate-limit           " + rateLimit + " per key",
                "  freshness            " + freshness.toMillis() + " ms at most, renewed every " + Math.min(refresh.toMillis(), freshness.toMillis() / 2) + " ms",
                "  cache                " + (cacheEntries == 0 ? "off" : cacheEntries + " entries, " + cacheBytes / (1024 * 1024) + " MB, an answer recomputed at most every "
                        + Math.min(recompute.toMillis(), freshness.toMillis() / 2) + " ms"),
                "  smtp                 " + (exports.smtpHost().isEmpty() ? "(none: email destinations fail)"
                        : exports.smtpHost() + ":" + exports.smtpPort() + ", from " + exports.smtpFrom()
                        + (exports.smtpUser().isEmpty() ? "" : ", user " + exports.smtpUser() + ", password " + (exports.smtpPassword().isEmpty() ? "(empty)" : "****"))
                        + (exports.smtpStartTls() ? ", STARTTLS" : "")),
                "  export-scheduler     " + (exportScheduler ? "on, every " + exports.tickInterval().toMillis() + " ms, instance " + exports.instanceId() : "off"),
                "  erasure-wait         " + exports.mutationTimeout().toMillis() + " ms",
                "  destinations         " + (exports.allowPrivateDestinations() ? "private addresses ALLOWED" : "public addresses only")
                        + ", deliveries end within " + exports.deliveryTimeout().toMillis() + " ms, " + exports.runThreads() + " run threads",
                "  secrets-key          " + (exports.secretsKey().isEmpty() ? "(none: webhook and S3 destinations cannot be created)" : "****"),
                "  exports-per-account  " + exports.streamsPerAccount() + " at once");
    }

    private static <T extends Comparable<T>> T number(Map<String, String> values, String name, Function<String, T> parse, T min, T max) {
        T v;
        try {
            v = parse.apply(values.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, got '" + values.get(name) + "'");
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }
}
