package ai.synaptiq.tools.bench;

import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.cli.KafkaOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./synaptiq bench live}: dashboards polling the API while events stream in. The script
 * starts ClickHouse, a Kafka broker, the Flink job and the API (each in its own process, as
 * {@code ./synaptiq local} runs them) on free ports; this program then
 * <ol>
 *   <li>creates one API key per account and loads the history through Kafka and the job (no
 *       table is loaded directly): optionally one big account over 365 days first, then the
 *       dashboards' accounts over the last {@code --days} days, waiting each time until the job
 *       has written every event;</li>
 *   <li>phase "rest": nothing is written; two wrk processes at once, half the clients polling the
 *       overview (compared with the previous period) and half the funnel, both with their default
 *       30-day periods, every request with the next account's key;</li>
 *   <li>phase "live": the same while a producer streams about {@code --rate} events/s dated now
 *       over the accounts; meanwhile, freshness probes (an event published until
 *       {@code /v1/analytics/activity} lists it) and the pipeline's lag (events sent that
 *       synaptiq.events does not hold yet, and their age);</li>
 *   <li>the cost of uncached answers: requests for windows never asked before (a different end
 *       date each), one at a time on a quiet system, for the big account;</li>
 * </ol>
 * and prints the figures, each target met or missed, and a last line starting with SUMMARY.
 * See {@link LiveBenchFlags} (or {@code --help}) for the flags.
 */
public final class LiveBenchmark {
    @Command(name = "bench live",
            description = "Dashboards while events stream in. Given by the script: --clickhouse, --kafka, --topic, --api, --watch.")
    static final class LiveBenchFlags extends BenchFlags {
        @Mixin WrkLoadOptions load;
        @Mixin KafkaOptions kafka;
        @Option(names = "--api", defaultValue = "http://127.0.0.1:7070", description = "the API under test") URI api;
        @Option(names = "--watch", defaultValue = "", paramLabel = "NAME:PID,...", description = "processes whose CPU is reported") String watch;
        @Option(names = "--accounts", defaultValue = "20", description = "dashboards' accounts, one API key each") int accounts;
        @Option(names = "--events-per-account", defaultValue = "40000", description = "history of each, through Kafka and the job") long eventsPerAccount;
        @Option(names = "--days", defaultValue = "30", description = "the history spans the last N days") int days;
        @Option(names = "--big-account-events", defaultValue = "1000000", description = "one more account with N events over the last 365 days, loaded first,"
                + " for the uncached figures (0: none, the uncached figures then come from the first account and their targets are skipped)") long bigAccountEvents;
        @Option(names = "--rate", defaultValue = "2000", description = "events per second of the live stream, over all accounts") int rate;
        @Option(names = "--seconds", defaultValue = "20", description = "length of each phase, in seconds") long seconds;
        @Option(names = "--uncached-repeats", defaultValue = "5", description = "uncached requests per query shape; the median counts") int uncachedRepeats;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the generated traffic") long seed;
    }

    /** What counts as a quiet machine before the uncached requests: busy cores over one second. */
    private static final double QUIET_CORES = 0.15;
    static final String OVERVIEW = "/v1/analytics/overview?compareWith=previous_period";
    static final String FUNNEL = "/v1/analytics/funnel";
    private static final String BIG_ACCOUNT = "big_account";
    /** A request slower than this is a failure in wrk's figures rather than a latency; far above anything measured. */
    private static final Duration WRK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    record Settings(String clickHouse, String kafka, String topic, URI api, String watch, int accounts, long eventsPerAccount, int days,
                    long bigAccountEvents, int rate, int clients, Duration length, Duration warmUp, int uncachedRepeats, long seed) {
        static Settings parse(String[] args) {
            LiveBenchFlags f = BenchSupport.flags(new LiveBenchFlags(), args);
            Settings s = new Settings(f.clickHouse.url, f.kafka.bootstrap, f.kafka.topic, f.api, f.watch, f.accounts, f.eventsPerAccount, f.days,
                    f.bigAccountEvents, f.rate, f.load.clients, Duration.ofSeconds(f.seconds), Duration.ofSeconds(f.load.warmupSeconds), f.uncachedRepeats, f.seed);
            if (s.accounts < 1 || s.eventsPerAccount < 100 || s.days < 1 || s.rate < 1 || s.clients < 2 || s.length.isZero()
                    || s.uncachedRepeats < 1 || s.bigAccountEvents < 0) {
                throw new IllegalArgumentException("--accounts, --days, --rate, --seconds and --uncached-repeats must be at least 1,"
                        + " --clients at least 2, --events-per-account at least 100, --big-account-events not negative");
            }
            return s;
        }
    }

    /** wrk's figures for both endpoints during one phase, and where the CPU went. */
    private record Phase(String name, Wrk.Result overview, Wrk.Result funnel, String cpu, String inside) {
        long failures() {
            return overview.failures() + funnel.failures();
        }
    }

    /** One target: met or not (null: not checked), with the figure it was judged on. */
    private record Check(String id, String target, Boolean met, String figure) {
    }

    private final Settings s;
    private final ClickHouseClient clickHouse;
    private final ProcessCpu processes;
    private final List<String> accounts = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();
    private String bigAccountKey;
    private Path script;

    private LiveBenchmark(Settings s) {
        this.s = s;
        this.clickHouse = new ClickHouseClient(s.clickHouse(), "default", "", Duration.ofMinutes(5));
        this.processes = ProcessCpu.parse(s.watch());
    }

    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench live: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        // Ctrl-C or a failure: the wrk processes this JVM started must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "stop-wrk"));
        boolean valid;
        try {
            valid = new LiveBenchmark(settings).run();
        } catch (Exception e) {
            System.out.println();
            System.out.println("bench live FAILED: " + e.getMessage());
            e.printStackTrace(System.out);
            System.exit(1);
            return;
        }
        // Exit 1 only when the measurement itself failed (errors instead of answers); missed targets are reported, not fatal.
        System.exit(valid ? 0 : 1);
    }

    private boolean run() throws Exception {
        System.out.printf(Locale.ROOT, "Machine: %d cores, load average %s at start; the figures below include whatever else runs here.%n",
                Runtime.getRuntime().availableProcessors(), BenchSupport.loadAverage());
        System.out.printf(Locale.ROOT, "Settings: %d accounts x %,d events over %d days, big account %,d events over 365 days, live stream %,d events/s,"
                        + " %d wrk connections, %d s phases, seed %d%n", s.accounts(), s.eventsPerAccount(), s.days(), s.bigAccountEvents(), s.rate(),
                s.clients(), s.length().toSeconds(), s.seed());
        script = luaScript();
        createKeys();

        if (s.bigAccountEvents() > 0) {
            Instant now = Instant.now();
            System.out.printf(Locale.ROOT, "%nLoading the big account '%s': %,d events over the last 365 days, through Kafka and the job%n",
                    BIG_ACCOUNT, s.bigAccountEvents());
            report(HistoryLoad.load(List.of(EventStreamGenerator.builder().seed(s.seed() * 7919).accountId(BIG_ACCOUNT).idPrefix("h")
                    .start(now.minus(Duration.ofDays(365))).end(now).targetEventCount(s.bigAccountEvents()).outOfOrderRate(0.02).build()),
                    s.kafka(), s.topic(), clickHouse, processes));
        }
        Instant now = Instant.now();
        List<EventStreamGenerator> history = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            history.add(EventStreamGenerator.builder().seed(s.seed() * 1000 + i).accountId(accounts.get(i)).idPrefix("h")
                    .start(now.minus(Duration.ofDays(s.days()))).end(now).targetEventCount(s.eventsPerAccount()).outOfOrderRate(0.02).build());
        }
        System.out.printf(Locale.ROOT, "%nLoading the history of %d accounts: about %,d events each over the last %d days, interleaved as they"
                + " happened, through Kafka and the job%n", accounts.size(), s.eventsPerAccount(), s.days());
        report(HistoryLoad.load(history, s.kafka(), s.topic(), clickHouse, processes));
        settle("before the rest phase");

        System.out.printf(Locale.ROOT, "%nBoth phases: two wrk processes at once for %d s, %d connections polling %s and %d polling %s"
                        + " (default 30-day periods), one thread each; every request carries the next of the %d accounts' keys.%n",
                s.length().toSeconds(), overviewConnections(), OVERVIEW, funnelConnections(), FUNNEL, accounts.size());
        System.out.printf(Locale.ROOT, "Warming the API up for %d s (unmeasured).%n", s.warmUp().toSeconds());
        phase("warm-up", s.warmUp());
        Phase rest = phase("rest", s.length());
        print(rest, "Phase rest: nothing is written");

        Phase live;
        double rate;
        List<PipelineLag.Sample> lagSamples;
        List<Long> freshness;
        int unseen;
        String probeFailure;
        long baseline = PipelineLag.eventCount(clickHouse);
        System.out.printf(Locale.ROOT, "%nStarting the live stream: about %,d events/s over the %d accounts, dated now (it starts %d s back:"
                + " that burst is absorbed before the phase).%n", s.rate(), accounts.size(), LiveStream.LEAD_IN.toSeconds());
        LiveStream stream = LiveStream.create(s.kafka(), s.topic(), accounts, s.rate(), s.seed());
        FreshnessProbes probes = new FreshnessProbes(s.kafka(), s.topic(), s.api(), accounts, keys, Long.toString(System.currentTimeMillis(), 36));
        PipelineLag lag = new PipelineLag(clickHouse, stream, probes::published, baseline);
        long sentInAll;
        try (stream; lag; probes) {
            stream.start();
            lag.start();
            awaitCaughtUp(stream, lag);
            // Dashboards poll on while the stream runs, as in the rest phase's warm-up: the first polls
            // after the lead-in find every account's data changed at once (shown, not counted).
            Phase liveWarmUp = phase("live warm-up", s.warmUp());
            print(liveWarmUp, String.format(Locale.ROOT, "Live warm-up, %d s (not counted: the first polls after the stream began)",
                    s.warmUp().toSeconds()));
            probes.start();
            long from = System.currentTimeMillis();
            live = phase("live", s.length());
            long until = System.currentTimeMillis();
            rate = stream.rateBetween(from, until);
            lagSamples = lag.between(from, until);
            probes.close();
            freshness = probes.latenciesMs();
            unseen = probes.unseen();
            probeFailure = probes.failure();
            sentInAll = stream.sent() + probes.published();
        }
        print(live, String.format(Locale.ROOT, "Phase live: %,.0f events/s streamed into Kafka during the phase", rate));
        String freshnessLine = describeFreshness(freshness, unseen, probeFailure);
        System.out.println("  freshness (event published until /v1/analytics/activity lists it): " + freshnessLine);
        System.out.println("  pipeline lag (events sent, not yet in synaptiq.events): " + describeLag(lagSamples));
        awaitWritten(baseline + sentInAll);
        settle("before the uncached requests");
        awaitQuiet();

        Map<String, List<Double>> uncached = uncached();
        return verdict(rest, live, freshness, unseen, lagSamples, uncached);
    }

    private int overviewConnections() {
        return (s.clients() + 1) / 2;
    }

    private int funnelConnections() {
        return s.clients() / 2;
    }

    private void createKeys() throws InterruptedException, IOException {
        ApiKeyStore store = new ApiKeyStore(clickHouse, Clock.systemUTC());
        int width = Math.max(2, Integer.toString(s.accounts()).length());
        for (int i = 1; i <= s.accounts(); i++) {
            String account = String.format(Locale.ROOT, "live_%0" + width + "d", i);
            accounts.add(account);
            keys.add(store.create(account, Role.VIEWER).secret());
        }
        List<String> all = new ArrayList<>(keys);
        if (s.bigAccountEvents() > 0) {
            bigAccountKey = store.create(BIG_ACCOUNT, Role.VIEWER).secret();
            all.add(bigAccountKey);
        }
        // The API learns of new keys when it next reads synaptiq.api_keys' version: wait until each is accepted.
        try (KeepAliveClient client = new KeepAliveClient(s.api())) {
            for (String key : all) {
                int status = 0;
                for (int attempt = 0; attempt < 300 && status != 200; attempt++) {
                    status = client.get(OVERVIEW, "Bearer " + key);
                    if (status != 200) {
                        Thread.sleep(100);
                    }
                }
                if (status != 200) {
                    throw new IllegalStateException("the API answers " + status + " to a key created for the benchmark");
                }
            }
        }
        System.out.printf(Locale.ROOT, "Created %d API keys (role viewer): accounts %s..%s%s.%n", all.size(), accounts.get(0),
                accounts.get(accounts.size() - 1), bigAccountKey == null ? "" : " and " + BIG_ACCOUNT);
    }

    private static void report(HistoryLoad.Loaded loaded) {
        System.out.printf(Locale.ROOT, "  all %,d events written by the job %.1f s after the first was sent: %,.0f events/s end to end%n",
                loaded.events(), loaded.seconds(), loaded.perSecond());
    }

    /** The wrk script, from the jar to a file wrk can read. */
    private static Path luaScript() throws IOException {
        Path file = Files.createTempFile("synaptiq-rotate-keys", ".lua");
        file.toFile().deleteOnExit();
        try (InputStream in = LiveBenchmark.class.getResourceAsStream("rotate-keys.lua")) {
            if (in == null) {
                throw new IllegalStateException("rotate-keys.lua is missing from the jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private Phase phase(String name, Duration length) throws IOException, InterruptedException {
        processes.requireAlive("api", "job", "clickhouse", "kafka");
        ProcessCpu.Snapshot cpu = processes.snapshot();
        ApiCounters before = ApiCounters.read(s.api());
        Wrk.Running overview = Wrk.start(s.api(), OVERVIEW, script, keys, 1, overviewConnections(), length, WRK_TIMEOUT);
        Wrk.Running funnel = Wrk.start(s.api(), FUNNEL, script, keys, 1, funnelConnections(), length, WRK_TIMEOUT);
        Wrk.Result o = overview.result();
        Wrk.Result f = funnel.result();
        String cpuUse = processes.since(cpu);
        return new Phase(name, o, f, cpuUse, ApiCounters.read(s.api()).describeSince(before, "/v1/analytics/overview", "/v1/analytics/funnel"));
    }

    private static void print(Phase p, String title) {
        System.out.printf(Locale.ROOT, "%n%s%n", title);
        System.out.println("  overview  " + describe(p.overview()));
        System.out.println("  funnel    " + describe(p.funnel()));
        System.out.println("  " + p.cpu());
        System.out.println("  " + p.inside());
    }

    private static String describe(Wrk.Result r) {
        return String.format(Locale.ROOT, "p50 %8.2f ms  p99 %8.2f ms  %8.1f req/s  (%,d requests%s)", r.p50Ms(), r.p99Ms(), r.perSecond(), r.requests(),
                r.failures() == 0 ? "" : ", " + r.failures() + " FAILED: not 200 or no answer within " + WRK_TIMEOUT.toSeconds() + " s");
    }

    /** Waits until the stream's lead-in burst is written and the lag is under a second (or gives up, saying so). */
    private void awaitCaughtUp(LiveStream stream, PipelineLag lag) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < CATCH_UP.toMillis()) {
            processes.requireAlive("job", "api", "clickhouse", "kafka");
            PipelineLag.Sample latest = lag.latest();
            if (stream.sentAtMs(1) >= 0 && latest != null && latest.atMs() > stream.sentAtMs(1) && latest.lagMs() < 1000) {
                System.out.printf(Locale.ROOT, "  the job caught up with the stream (lead-in included, %,d events sent) after %.1f s; %d s more before the phase%n",
                        stream.sent(), (System.currentTimeMillis() - start) / 1000.0, s.warmUp().toSeconds());
                return;
            }
            Thread.sleep(250);
        }
        System.out.printf(Locale.ROOT, "  the job has not caught up with the stream after %d s (lag %s): measuring anyway%n", CATCH_UP.toSeconds(),
                lag.latest() == null ? "unknown" : lag.latest().lagMs() + " ms");
    }

    private void awaitWritten(long expected) throws InterruptedException {
        long start = System.currentTimeMillis();
        long have = PipelineLag.eventCount(clickHouse);
        while (have < expected && System.currentTimeMillis() - start < CATCH_UP.toMillis()) {
            processes.requireAlive("job", "clickhouse");
            Thread.sleep(500);
            have = PipelineLag.eventCount(clickHouse);
        }
        if (have < expected) {
            throw new IllegalStateException(String.format(Locale.ROOT, "after the live phase, synaptiq.events holds %,d events, %,d fewer than sent",
                    have, expected - have));
        }
    }

    /** Waits (at most two minutes) until ClickHouse merges nothing, so a phase does not measure the previous load's merging. */
    /**
     * Waits (up to 30 s) until the whole machine is nearly idle for a second: after the live phase
     * the job, ClickHouse and the API may still finish work, and the uncached costs are meant for a
     * system with nothing else loading it.
     */
    private static void awaitQuiet() throws InterruptedException {
        long start = System.currentTimeMillis();
        double busy = ProcessCpu.machineBusyCores(Duration.ofSeconds(1));
        while (busy > QUIET_CORES && System.currentTimeMillis() - start < 30_000) {
            busy = ProcessCpu.machineBusyCores(Duration.ofSeconds(1));
        }
        System.out.printf(Locale.ROOT, "  waited %.1f s for a quiet machine (%.2f cores busy over the last second)%n",
                (System.currentTimeMillis() - start) / 1000.0, busy);
    }

    private void settle(String when) throws InterruptedException {
        long start = System.currentTimeMillis();
        Thread.sleep(2000);
        while (System.currentTimeMillis() - start < 120_000) {
            String merging = clickHouse.query("SELECT count() FROM system.merges WHERE database = " + Sql.quote(Migrations.DATABASE)
                    + " FORMAT TabSeparated").trim();
            if (merging.equals("0")) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "  waited %.1f s %s for the job's last writes and ClickHouse's merges%n", (System.currentTimeMillis() - start) / 1000.0, when);
    }

    /**
     * Each query shape for a window never asked before, one request at a time: the API has no
     * answer to serve, so each is computed in ClickHouse (the figure includes the API's small
     * overhead). Returns the latencies (ms) per shape.
     */
    private Map<String, List<Double>> uncached() throws IOException {
        String account = bigAccountKey != null ? BIG_ACCOUNT : accounts.get(0);
        String key = "Bearer " + (bigAccountKey != null ? bigAccountKey : keys.get(0));
        System.out.printf(Locale.ROOT, "%nUncached answers for account '%s' (%s): %d requests per shape, each for a window ending a different day"
                        + " (never asked before, so computed in ClickHouse), one at a time, nothing else loading the system%n", account,
                bigAccountKey != null ? String.format(Locale.ROOT, "%,d events over 365 days", s.bigAccountEvents())
                        : "no big account (--big-account-events 0): the targets below are for 1 million events and are not checked", s.uncachedRepeats());
        Map<String, List<Double>> results = new LinkedHashMap<>();
        String[] shapes = {"overview 30 days (compareWith=previous_period)", "funnel 30 days", "overview 365 days (compareWith=previous_period)",
                "funnel 365 days, channel=web_chat"};
        for (String shape : shapes) {
            results.put(shape, new ArrayList<>());
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (KeepAliveClient client = new KeepAliveClient(s.api())) {
            for (int k = 1; k <= s.uncachedRepeats(); k++) {
                LocalDate end = today.minusDays(k);
                String month = "startDate=" + end.minusDays(29) + "&endDate=" + end;
                String year = "startDate=" + end.minusDays(364) + "&endDate=" + end;
                String[] paths = {"/v1/analytics/overview?" + month + "&compareWith=previous_period", "/v1/analytics/funnel?" + month,
                        "/v1/analytics/overview?" + year + "&compareWith=previous_period", "/v1/analytics/funnel?" + year + "&channel=web_chat"};
                for (int i = 0; i < shapes.length; i++) {
                    long t0 = System.nanoTime();
                    int status = client.get(paths[i], key);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (status != 200) {
                        throw new IllegalStateException("GET " + paths[i] + " answered " + status);
                    }
                    results.get(shapes[i]).add(ms);
                }
            }
        }
        results.forEach((shape, ms) -> System.out.printf(Locale.ROOT, "  %-48s median %8.1f ms  (%s)%n", shape, median(ms),
                ms.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(", "))));
        return results;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Nearest-rank percentile; the never-seen probes count as infinitely slow. */
    private static double percentile(List<Long> values, int infinite, double p) {
        int n = values.size() + infinite;
        if (n == 0) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p * n) - 1;
        return rank < sorted.size() ? sorted.get(Math.max(0, rank)) : Double.POSITIVE_INFINITY;
    }

    private static String describeFreshness(List<Long> ms, int unseen, String failure) {
        return String.format(Locale.ROOT, "p50 %s, p95 %s, max %s over %d probes%s%s", ms(percentile(ms, unseen, 0.5)),
                ms(percentile(ms, unseen, 0.95)), ms(percentile(ms, unseen, 1.0)), ms.size() + unseen,
                unseen == 0 ? "" : ", " + unseen + " not listed within 30 s", failure == null ? "" : "; probing stopped: " + failure);
    }

    private static String describeLag(List<PipelineLag.Sample> samples) {
        List<Long> seconds = samples.stream().map(PipelineLag.Sample::lagMs).toList();
        long maxEvents = samples.stream().mapToLong(PipelineLag.Sample::events).max().orElse(0);
        List<Long> watermark = samples.stream().map(PipelineLag.Sample::watermarkBehindMs).filter(v -> v >= 0).toList();
        return String.format(Locale.ROOT, "p95 %.0f ms, max %.0f ms, at most %,d events behind, over %d samples; the watermark"
                        + " (dataCompleteUntil) was p50 %.1f s, max %.1f s behind the wall clock", percentile(seconds, 0, 0.95),
                percentile(seconds, 0, 1.0), maxEvents, samples.size(), percentile(watermark, 0, 0.5) / 1000, percentile(watermark, 0, 1.0) / 1000);
    }

    private boolean verdict(Phase rest, Phase live, List<Long> freshness, int unseen, List<PipelineLag.Sample> lag,
                            Map<String, List<Double>> uncached) {
        double overviewRatio = live.overview().p99Ms() / rest.overview().p99Ms();
        double funnelRatio = live.funnel().p99Ms() / rest.funnel().p99Ms();
        System.out.printf(Locale.ROOT, "%nlive p99 / rest p99: overview %.2f, funnel %.2f%n", overviewRatio, funnelRatio);
        double freshP95 = percentile(freshness, unseen, 0.95);
        double lagMax = percentile(lag.stream().map(PipelineLag.Sample::lagMs).toList(), 0, 1.0);
        List<Double> u = new ArrayList<>();
        uncached.values().forEach(ms -> u.add(median(ms)));
        boolean big = bigAccountKey != null;
        List<Check> checks = List.of(
                new Check("overview-p99", "live overview p99 <= 100 ms", live.overview().p99Ms() <= 100, ms(live.overview().p99Ms())),
                new Check("funnel-p99", "live funnel p99 <= 100 ms", live.funnel().p99Ms() <= 100, ms(live.funnel().p99Ms())),
                new Check("overview-rate", "live overview >= 1000 req/s", live.overview().perSecond() >= 1000, perSecond(live.overview().perSecond())),
                new Check("funnel-rate", "live funnel >= 1000 req/s", live.funnel().perSecond() >= 1000, perSecond(live.funnel().perSecond())),
                new Check("p99-ratio", "live p99 <= 3x rest p99 (each endpoint)", Math.max(overviewRatio, funnelRatio) <= 3,
                        String.format(Locale.ROOT, "%.1fx", Math.max(overviewRatio, funnelRatio))),
                new Check("freshness-p95", "freshness p95 <= 2 s", freshP95 <= 2000, ms(freshP95)),
                new Check("lag", "pipeline lag < 5 s throughout the live phase", !lag.isEmpty() && lagMax < 5000, ms(lagMax)),
                new Check("uncached-30d", "uncached 30-day overview and funnel <= 50 ms", big ? u.get(0) <= 50 && u.get(1) <= 50 : null,
                        "overview " + ms(u.get(0)) + " funnel " + ms(u.get(1))),
                new Check("uncached-365d-funnel", "uncached 365-day funnel with channel <= 250 ms", big ? u.get(3) <= 250 : null, ms(u.get(3))));
        System.out.println();
        for (Check c : checks) {
            System.out.printf(Locale.ROOT, "%-4s %-48s (%s)%n", c.met() == null ? "skip" : c.met() ? "ok" : "FAIL", c.target(), c.figure());
        }
        long failures = rest.failures() + live.failures();
        if (failures > 0) {
            System.out.println("FAIL " + failures + " requests got no 200 answer (see above): the figures are not valid");
        }
        long met = checks.stream().filter(c -> Boolean.TRUE.equals(c.met())).count();
        long judged = checks.stream().filter(c -> c.met() != null).count();
        System.out.println("SUMMARY " + checks.stream().map(c -> c.id() + " " + (c.met() == null ? "skip" : c.met() ? "ok" : "FAIL") + " " + c.figure())
                .collect(Collectors.joining("; ")) + String.format(Locale.ROOT, " | met %d/%d%s%s", met, judged,
                judged < checks.size() ? " (" + (checks.size() - judged) + " skipped)" : "", failures > 0 ? " | INVALID: " + failures + " failed requests" : ""));
        return failures == 0;
    }

    private static String ms(double v) {
        return Double.isInfinite(v) ? "never" : Double.isNaN(v) ? "none" : String.format(Locale.ROOT, "%.0fms", v);
    }

    private static String perSecond(double v) {
        return String.format(Locale.ROOT, "%.0f/s", v);
    }
}
