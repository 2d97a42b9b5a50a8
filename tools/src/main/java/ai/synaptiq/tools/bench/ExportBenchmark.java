package ai.synaptiq.tools.bench;

import ai.synaptiq.api.exports.leads.LeadExport;
import ai.synaptiq.api.exports.leads.LeadFilter;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./synaptiq bench export}: loads a million leads of one account straight into
 * synaptiq.leads (generated inside ClickHouse, in the row shape the pipeline writes), starts the API
 * in its own JVM with its heap capped ({@code -Xmx256m}), and in the same run exports every lead as
 * CSV through the API and fetches the same rows with the same SQL straight from ClickHouse over HTTP
 * ({@code FORMAT CSVWithNames}), each a few times, alternating. Prints rows/s and MB/s of both, their
 * ratio, the API's heap peak (the heap in use right before each garbage collection, from the JVM's
 * own GC log) and whether it stayed alive, then a {@code SUMMARY export:} line. Targets: the export
 * completes under the heap cap, at >= 50% of ClickHouse's rate (rows/s).
 *
 * <p>Flags: {@code --clickhouse URL}, {@code --leads N} (1000000), {@code --heap-mb N} (256),
 * {@code --rounds N} (3, the best round of each counts).
 */
public final class ExportBenchmark {
    private static final String ACCOUNT = "bench_export";
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** One transfer: what came, how long it took. */
    private record Transfer(int status, long bytes, long lines, double seconds) {
        double rowsPerSecond(long rows) {
            return rows / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    private final ClickHouseClient clickHouse;
    private final String clickHouseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private ExportBenchmark(String clickHouseUrl) {
        this.clickHouseUrl = clickHouseUrl;
        this.clickHouse = new ClickHouseClient(clickHouseUrl, "default", "", Duration.ofMinutes(30));
    }

    public static void main(String[] args) throws Exception {
        ExportBenchFlags f = BenchSupport.flags(new ExportBenchFlags(), args);
        ExportBenchmark bench = new ExportBenchmark(f.clickHouse.url);
        boolean measured = bench.run(f.leads, f.heapMb, f.rounds);
        // Exit 1 only when the measurement itself failed; a missed target is reported in the SUMMARY line.
        System.exit(measured ? 0 : 1);
    }

    @Command(name = "ExportBenchmark",
            description = "Time and memory of a large lead export through the API, in a private ClickHouse.")
    static final class ExportBenchFlags extends BenchFlags {
        @Option(names = "--leads", defaultValue = "1000000", description = "leads exported") long leads;
        @Option(names = "--heap-mb", defaultValue = "256", description = "heap of the API's JVM, in MB") int heapMb;
        @Option(names = "--rounds", defaultValue = "3", description = "measured exports") int rounds;
    }

    private boolean run(long leads, int heapMb, int rounds) throws Exception {
        BenchSupport.printMachine();
        Migrations.apply(clickHouse);
        load(leads);
        String key = new ApiKeyStore(clickHouse, Clock.systemUTC()).create(ACCOUNT, Role.EXPORT).secret();
        String sql = LeadExport.csvQuery(ACCOUNT, LeadFilter.of(RequestParams.of(Map.of()))) + "\nFORMAT CSVWithNames";

        Path logs = Files.createTempDirectory("synaptiq-export-bench");
        Path gcLog = logs.resolve("api-gc.log");
        List<String> jvm = List.of("-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog);
        List<Transfer> viaApi = new ArrayList<>();
        List<Transfer> direct = new ArrayList<>();
        boolean alive;
        String apiLog;
        try (ApiProcess api = ApiProcess.start(logs.resolve("api.log"), BenchSupport.freePort(), jvm, "--clickhouse", clickHouseUrl)) {
            System.out.printf(Locale.ROOT, "%nThe API runs in its own JVM (%s; logs in %s). Each round exports all %,d leads as CSV through"
                    + " GET /v1/exports/leads?format=csv, then fetches the same rows with the export's own SQL straight from ClickHouse"
                    + " (FORMAT CSVWithNames over HTTP); the best of %d rounds counts.%n", String.join(" ", jvm), logs, leads, rounds);
            // Warm-up: a tenth of the leads, so the first measured round does not pay for class loading and JIT compilation.
            Transfer warm = fetch(api.uri().resolve("/v1/exports/leads?format=csv&maxScore=9"), "Bearer " + key, null);
            System.out.printf(Locale.ROOT, "warm-up (maxScore=9): %,d rows in %.2f s%n", warm.lines() - 1, warm.seconds());
            for (int round = 1; round <= rounds && api.alive(); round++) {
                Duration cpuBefore = api.cpu();
                Transfer a = fetch(api.uri().resolve("/v1/exports/leads?format=csv"), "Bearer " + key, null);
                Duration cpu = api.cpu().minus(cpuBefore);
                viaApi.add(a);
                Transfer c = fetch(URI.create(clickHouse.url()), clickHouse.authorization(), sql);
                direct.add(c);
                System.out.printf(Locale.ROOT, "round %d: API %d, %,d rows, %.1f MB in %.2f s (%,.0f rows/s, %.1f MB/s; the API's JVM used %.2f s of CPU)"
                                + " | ClickHouse %d, %,d rows, %.1f MB in %.2f s (%,.0f rows/s, %.1f MB/s)%n", round, a.status(), a.lines() - 1,
                        a.bytes() / 1e6, a.seconds(), a.rowsPerSecond(a.lines() - 1), a.megabytesPerSecond(), cpu.toMillis() / 1000.0, c.status(),
                        c.lines() - 1, c.bytes() / 1e6, c.seconds(), c.rowsPerSecond(c.lines() - 1), c.megabytesPerSecond());
            }
            alive = api.alive();
            apiLog = Files.readString(logs.resolve("api.log"));
        }
        return verdict(leads, heapMb, viaApi, direct, alive, apiLog, gcPeakMb(gcLog));
    }

    private boolean verdict(long leads, int heapMb, List<Transfer> viaApi, List<Transfer> direct, boolean alive, String apiLog, long[] gc) {
        boolean oom = apiLog.contains("OutOfMemoryError");
        boolean complete = !viaApi.isEmpty() && viaApi.stream().allMatch(t -> t.status() == 200 && t.lines() - 1 == leads) && alive && !oom;
        boolean directComplete = !direct.isEmpty() && direct.stream().allMatch(t -> t.status() == 200 && t.lines() - 1 == leads);
        Transfer bestApi = viaApi.stream().min((a, b) -> Double.compare(a.seconds(), b.seconds())).orElse(null);
        Transfer bestDirect = direct.stream().min((a, b) -> Double.compare(a.seconds(), b.seconds())).orElse(null);
        if (bestApi == null || bestDirect == null) {
            System.out.println("SUMMARY export: FAIL, nothing was measured (the API died; see its log)");
            return false;
        }
        double apiRate = bestApi.rowsPerSecond(leads);
        double directRate = bestDirect.rowsPerSecond(leads);
        double ratio = apiRate / directRate;
        long peakMb = gc[0];
        boolean underCap = alive && !oom && peakMb <= heapMb;
        boolean fastEnough = ratio >= 0.5;
        System.out.println();
        System.out.printf(Locale.ROOT, "API (best round):        %,10.0f rows/s  %7.1f MB/s  (%.2f s for %,d rows, %.1f MB)%n", apiRate,
                bestApi.megabytesPerSecond(), bestApi.seconds(), leads, bestApi.bytes() / 1e6);
        System.out.printf(Locale.ROOT, "ClickHouse (best round): %,10.0f rows/s  %7.1f MB/s  (%.2f s, %.1f MB)%n", directRate,
                bestDirect.megabytesPerSecond(), bestDirect.seconds(), bestDirect.bytes() / 1e6);
        System.out.printf(Locale.ROOT, "API / ClickHouse: %.2f of ClickHouse's rows/s (target >= 0.50)%n", ratio);
        System.out.printf(Locale.ROOT, "API heap: cap %d MB, peak in use %d MB (before the largest of %d GCs), %s%s%n", heapMb, peakMb, gc[1],
                alive ? "the API stayed up" : "THE API DIED", oom ? ", OutOfMemoryError in its log" : ", no OutOfMemoryError");
        if (!complete || !directComplete) {
            System.out.println("FAIL a transfer did not return every row with status 200 (see the rounds above)");
        }
        System.out.printf(Locale.ROOT, "SUMMARY export: %s; %,d leads as CSV through the API at %,.0f rows/s (%.1f MB/s) vs ClickHouse CSVWithNames"
                        + " %,.0f rows/s (%.1f MB/s), ratio %.2f (>= 0.50 %s); API heap -Xmx%dm, peak %d MB, %s (%s)%n",
                complete && underCap && fastEnough ? "PASS" : "FAIL", leads, apiRate, bestApi.megabytesPerSecond(), directRate,
                bestDirect.megabytesPerSecond(), ratio, fastEnough ? "met" : "missed", heapMb, peakMb, oom || !alive ? "OOM/died" : "no OOM",
                underCap ? "under the cap" : "over the cap");
        return complete && directComplete;
    }

    /** Streams a GET (or, with {@code sql}, a ClickHouse query) and counts bytes and lines as they come. */
    /** {@code authorization} is the whole header value (Bearer for the API, Basic for ClickHouse), or null. */
    private Transfer fetch(URI uri, String authorization, String sql) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(sql == null ? uri : URI.create(uri + "?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new Transfer(r.statusCode(), bytes, lines, (System.nanoTime() - start) / 1e9);
    }

    /** Loads the leads unless the account already holds exactly that many, then merges them as data at rest. */
    private void load(long leads) throws InterruptedException {
        String account = Sql.quote(ACCOUNT);
        long present = Long.parseLong(clickHouse.query("SELECT count() FROM " + Tables.LEADS + " FINAL WHERE account_id = " + account
                + " FORMAT TabSeparated").trim());
        if (present == leads) {
            System.out.printf(Locale.ROOT, "Account '%s' already holds %,d leads; reusing them.%n", ACCOUNT, present);
            return;
        }
        if (present != 0) {
            throw new IllegalStateException("account '" + ACCOUNT + "' holds " + present + " leads, not " + leads + "; use an empty ClickHouse");
        }
        System.out.printf(Locale.ROOT, "Loading %,d leads of account '%s' STRAIGHT INTO synaptiq.leads, generated inside ClickHouse in the row shape"
                + " the pipeline writes (contact fields, tags, two custom properties; some names with quotes and commas); Kafka and Flink are not used.%n",
                leads, ACCOUNT);
        long start = System.nanoTime();
        // n: lead number; created over the 365 days before 2026-04-01, one lead every ~31 s.
        clickHouse.execute("INSERT INTO " + Tables.LEADS + " (account_id, lead_id, created, created_ms, created_at, last_activity_ms, email, name,"
                + " phone, company, status, score, source, source_url, tags, assigned_to, custom_properties, visitor_id, conversation_id, version)"
                + " SELECT " + account + ", concat('lead_', toString(number)), 1, ms, toDateTime(intDiv(ms, 1000)), ms + (number % 7200) * 1000,"
                + " concat('person', toString(number), '@example.com'),"
                + " if(number % 10 = 0, concat('Jo \"JJ\" Roe, ', toString(number)), concat('Person ', toString(number))),"
                + " concat('+1-555-', substring(toString(10000 + number % 10000), 2)), ['Acme Corp', 'Globex, Inc.', 'Initech', ''][number % 4 + 1],"
                + " ['new', 'qualified', 'demo_booked', 'converted', 'disqualified'][number % 5 + 1], toFloat64(number % 101),"
                + " ['chat', 'form', 'api', 'import'][number % 4 + 1], concat('https://example.com/pricing?ref=', toString(number % 50)),"
                + " if(number % 3 = 0, ['webinar', 'enterprise'], if(number % 3 = 1, ['trial'], arrayFilter(t -> 0, ['none']))),"
                + " ['alex@team.com', 'sam@team.com', ''][number % 3 + 1],"
                + " concat('{\"budget\":\"', ['$10k-$50k', '$50k+', 'unknown'][number % 3 + 1], '\",\"company_size\":\"', toString(10 + number % 500), '\"}'),"
                + " concat('v', toString(number)), concat('c', toString(number)), 3"
                + " FROM (SELECT number, 1775001600000 - 31536000000 + number * intDiv(31536000000, " + leads + ") AS ms FROM numbers(" + leads + "))");
        clickHouse.execute("OPTIMIZE TABLE " + Tables.LEADS + " FINAL");
        for (int i = 0; i < 1200; i++) {
            if (clickHouse.query("SELECT count() FROM system.merges WHERE database = " + Sql.quote(Migrations.DATABASE) + " FORMAT TabSeparated")
                    .trim().equals("0")) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.printf(Locale.ROOT, "Loaded and merged in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    }

    /** {peak heap in use in MB before a GC, number of GCs} from a {@code -Xlog:gc} file. */
    private static long[] gcPeakMb(Path gcLog) {
        long peak = 0;
        long count = 0;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(1)));
                    count++;
                }
            }
        } catch (IOException e) {
            System.out.println("no GC log at " + gcLog + ": " + e);
        }
        return new long[] {peak, count};
    }
}
