package ai.synaptiq.api;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.api.exports.ExportsConfig;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import ai.synaptiq.schemas.cli.Cli;
import ai.synaptiq.schemas.cli.ClickHouseOptions;
import ai.synaptiq.schemas.cli.DurationConverter;
import ai.synaptiq.schemas.cli.LegacyFlag;
import ai.synaptiq.schemas.cli.OnOffConverter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    /** The flags as picocli reads them; {@link #fromArgs} turns them into the typed record. */
    @Command(name = "synaptiq-api", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The query API. Every flag is also an environment variable SYNAPTIQ_<NAME>; durations are written 250ms, 10s, 5m, 48h.")
    static final class ApiFlags {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (0.0.0.0 to serve beyond this machine, as in docker-compose.yml)") String host;
        @Option(names = "--port", defaultValue = "7070", description = "HTTP port") int port;
        @Mixin ClickHouseOptions clickHouse = new ClickHouseOptions();
        @Option(names = "--clickhouse-timeout", defaultValue = "30s", description = "how long one ClickHouse query may take before the API answers 503") Duration clickHouseTimeout;
        @Option(names = "--rate-limit", defaultValue = "6000/min", description = "requests per API key: N/s, N/min, N/h or off") String rateLimit;
        @Option(names = "--freshness", defaultValue = "5s", description = "how old ClickHouse's state (new data, new or revoked keys) may be in an answer at most;"
                + " past that age requests wait for a new read; 0 reads it for every request") Duration freshness;
        @Option(names = "--refresh", defaultValue = "250ms", description = "how often that state is renewed in the background while requests come (at most half of --freshness);"
                + " requests do not wait for the renewal, so answers normally reflect ClickHouse within this plus one read") Duration refresh;
        @Option(names = "--recompute", defaultValue = "2s", description = "how often at most one cached answer (account and query) is recomputed once its account's data"
                + " changed (at most half of --freshness); meanwhile the previous answer is served, so however many dashboards poll, an answer costs ClickHouse"
                + " at most one query per interval") Duration recompute;
        @Option(names = "--cache-entries", defaultValue = "10000", description = "responses kept for polling dashboards (0 switches the cache off)") int cacheEntries;
        @Option(names = "--cache-mb", defaultValue = "64", description = "memory the response cache may use, in MB") int cacheMb;
        @Mixin SmtpFlags smtp = new SmtpFlags();
        @Option(names = "--export-scheduler", defaultValue = "on", arity = "1", converter = OnOffConverter.class,
                description = "on: this instance runs due scheduled exports and retries (instances agree through ClickHouse); off: it never does") boolean exportScheduler;
        @Option(names = "--export-tick", defaultValue = "30s", description = "how often the export scheduler looks for due runs and retries") Duration exportTick;
        @Option(names = "--incremental-lag", defaultValue = "30s", description = "how far behind ClickHouse's clock an incremental export's window ends"
                + " (longer than an insert takes)") Duration incrementalLag;
        @Option(names = "--instance-id", defaultValue = "", description = "name of this instance in scheduled-run claims (empty: api-<random>)") String instanceId;
        @Option(names = "--erasure-wait", defaultValue = "2m", description = "how long DELETE /v1/leads/{id} waits for ClickHouse's deletions before answering 202 in_progress") Duration erasureWait;
        @Option(names = "--allow-private-destinations", defaultValue = "off", arity = "1", converter = OnOffConverter.class,
                description = "on: webhooks, the alert webhook and S3 endpoints may be loopback, private or link-local addresses (only for receivers inside your own network;"
                        + " see docs/security.md)") boolean allowPrivateDestinations;
        @Option(names = "--secrets-key", defaultValue = "", description = "base64 of 32 random bytes (openssl rand -base64 32) sealing webhook and S3 secrets at rest;"
                + " empty: such destinations cannot be created") String secretsKey;
        @Option(names = "--delivery-timeout", defaultValue = "30s", description = "the longest one webhook or S3 delivery may take (connect, send, answer together)") Duration deliveryTimeout;
        @Option(names = "--export-run-threads", defaultValue = "4", description = "scheduled runs carried out at once, off the scheduler's tick") int exportRunThreads;
        @Option(names = "--exports-per-account", defaultValue = "2", description = "exports (and downloads of past files) one account may stream at once; one more is 429") int exportsPerAccount;
    }

    /** The SMTP server of scheduled exports' email deliveries. */
    static final class SmtpFlags {
        @Option(names = "--smtp-host", defaultValue = "", description = "SMTP server of email deliveries of scheduled exports (empty: email destinations fail, saying so)") String smtpHost;
        @Option(names = "--smtp-port", defaultValue = "25", description = "SMTP port") int smtpPort;
        @Option(names = "--smtp-from", defaultValue = "exports@synaptiq.local", description = "sender address of export emails") String smtpFrom;
        @Option(names = "--smtp-user", defaultValue = "", description = "SMTP user (empty: no SMTP authentication)") String smtpUser;
        @Option(names = "--smtp-password", defaultValue = "", description = "SMTP password") String smtpPassword;
        @Option(names = "--smtp-starttls", defaultValue = "false", arity = "1", converter = OnOffConverter.class, description = "true: require STARTTLS on the SMTP connection") boolean smtpStartTls;
    }

    /** The spellings of the previous release, read for one more with a warning. */
    private static final LegacyFlag[] LEGACY = Stream.of("clickhouse-timeout", "freshness", "refresh", "recompute", "export-tick", "erasure-wait", "delivery-timeout")
            .map(LegacyFlag::millis).toArray(LegacyFlag[]::new);

    public static ApiConfig defaults() {
        return fromArgs(new String[0], Map.of());
    }

    /** Reads flags ({@code --name value} or {@code --name=value}) over environment variables over defaults. */
    public static ApiConfig fromArgs(String[] args, Map<String, String> env) {
        ApiFlags f = Cli.parse(new ApiFlags(), args, env, LEGACY);
        return new ApiConfig(
                f.host,
                within("port", f.port, 0, 65535),
                f.clickHouse.url,
                f.clickHouse.user,
                f.clickHouse.password,
                within("clickhouse-timeout", f.clickHouseTimeout, Duration.ofMillis(100), Duration.ofHours(1)),
                RateLimit.parse(f.rateLimit),
                within("freshness", f.freshness, Duration.ZERO, Duration.ofMinutes(1)),
                within("refresh", f.refresh, Duration.ZERO, Duration.ofMinutes(1)),
                within("recompute", f.recompute, Duration.ZERO, Duration.ofMinutes(1)),
                within("cache-entries", f.cacheEntries, 0, 10_000_000),
                within("cache-mb", f.cacheMb, 0, 1_000_000) * 1024L * 1024L,
                f.exportScheduler,
                exports(f));
    }

    /** The export settings from the flags; what has no flag (retry delays, file retention, claim settling) keeps the spec's values. */
    private static ExportsConfig exports(ApiFlags f) {
        ExportsConfig d = ExportsConfig.defaults();
        String instance = f.instanceId.strip();
        if (!instance.isEmpty() && !instance.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("--instance-id must be 1-64 characters of letters, digits and _ . : -, got '" + instance + "'");
        }
        return new ExportsConfig(f.smtp.smtpHost.strip(), within("smtp-port", f.smtp.smtpPort, 1, 65535),
                f.smtp.smtpFrom.strip(), f.smtp.smtpUser, f.smtp.smtpPassword, f.smtp.smtpStartTls,
                instance.isEmpty() ? d.instanceId() : instance,
                within("export-tick", f.exportTick, Duration.ofMillis(100), Duration.ofHours(1)), d.claimSettle(),
                d.fileRetention(), d.retryDelays(), within("erasure-wait", f.erasureWait, Duration.ofSeconds(1), Duration.ofHours(1)),
                f.allowPrivateDestinations, secretsKey(f.secretsKey),
                within("delivery-timeout", f.deliveryTimeout, Duration.ofMillis(100), Duration.ofHours(1)),
                within("export-run-threads", f.exportRunThreads, 1, 256), within("exports-per-account", f.exportsPerAccount, 1, 1000),
                d.cloud(), within("incremental-lag", f.incrementalLag, Duration.ofSeconds(2), Duration.ofHours(1)));
    }

    /** The key as given, once checked to be base64 of 32 bytes (never printed). */
    private static String secretsKey(String text) {
        SecretsKey.of(text);
        return text.strip();
    }

    public static String help() {
        return Cli.help(new ApiFlags());
    }

    /** One line per setting, the password masked. */
    public String describe() {
        return String.join("\n",
                "  host                 " + host,
                "  port                 " + port,
                "  clickhouse           " + ClickHouseClient.redacted(clickHouseUrl),
                "  clickhouse-user      " + clickHouseUser,
                "  clickhouse-password  " + (clickHousePassword.isEmpty() ? "(empty)" : "****"),
                "  clickhouse-timeout   " + DurationConverter.format(clickHouseTimeout),
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

    private static <T extends Comparable<T>> T within(String name, T v, T min, T max) {
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IllegalArgumentException("--" + name + " must be between " + text(min) + " and " + text(max) + ", got " + text(v));
        }
        return v;
    }

    private static String text(Object v) {
        return v instanceof Duration d ? DurationConverter.format(d) : String.valueOf(v);
    }
}
