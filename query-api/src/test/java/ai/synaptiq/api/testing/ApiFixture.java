package ai.synaptiq.api.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import ai.synaptiq.api.ApiConfig;
import ai.synaptiq.api.ApiServer;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.pipeline.AnalyticsJob;
import ai.synaptiq.pipeline.PipelineConfig;
import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The world the API tests run in, built once per test JVM: the private ClickHouse, a dataset of
 * several accounts pushed through the real Flink job (AnalyticsJob.runToCompletion), the oracle
 * computed from the same raw lines, one key per account, and the API server with its clock fixed
 * at {@link #NOW}.
 */
public final class ApiFixture {
    public static final Instant NOW = Instant.parse("2026-04-06T12:00:00Z");
    /** Six months of rich traffic. */
    public static final String ACME = "acme";
    /** Two months of traffic whose ids are the same as acme's: nothing of one may show in the other. */
    public static final String GLOBEX = "globex";
    /** Traffic around 2023-02-28, 2024-02-29 and 2025-02-28 for previous_year across a leap day. */
    public static final String LEAP = "leap_co";
    /** Events on the exact day boundaries of Asia/Kolkata and America/St_Johns (both 2025-26 DST changes). */
    public static final String EDGES = "edges";
    /** A key, no events. */
    public static final String EMPTY = "empty_co";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The test servers' key sealing destination secrets (base64 of 32 bytes). */
    public static final String SECRETS_KEY = "c3luYXB0aXEtdGVzdC1zZWNyZXRzLWtleS0zMmJ5dGU=";
    private static ApiFixture shared;

    private final LocalClickHouse clickHouse;
    private final ReferenceAnalytics reference;
    private final ApiServer server;
    private final Map<String, String> keys = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ApiFixture() throws Exception {
        clickHouse = LocalClickHouse.shared();
        List<String> lines = dataset();
        pushThroughPipeline(lines);
        reference = new ReferenceAnalytics(lines);
        ApiKeyStore store = new ApiKeyStore(clickHouse.client(), Clock.systemUTC());
        Role[] roles = Role.values();
        List<String> accounts = List.of(ACME, GLOBEX, LEAP, EDGES, EMPTY);
        for (int i = 0; i < accounts.size(); i++) {
            keys.put(accounts.get(i), store.create(accounts.get(i), roles[i % roles.length]).secret());
        }
        server = ApiServer.start(config(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Runs the raw lines through the real Flink job into the private ClickHouse, as the fixture's own dataset was. */
    public void pushThroughPipeline(List<String> lines) throws Exception {
        Path checkpoints = Files.createTempDirectory("synaptiq-api-test-cp");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(checkpoints)));
        // Parallelism 1: runToCompletion's single-task source feeds a parallel parser through a
        // rebalance, which reorders records and turns some into too_late; one task keeps arrival order.
        AnalyticsJob.runToCompletion(lines, PipelineConfig.defaults().withClickHouse(clickHouse.url())
                .with("checkpoint-dir", checkpoints.toUri().toString()).with("parallelism", "1"));
    }

    public static synchronized ApiFixture shared() {
        if (shared == null) {
            try {
                shared = new ApiFixture();
            } catch (Exception e) {
                throw new IllegalStateException("could not build the API test fixture", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared.server::close));
        }
        return shared;
    }

    /**
     * The server settings of the tests: loopback, a free port, the private ClickHouse, no export
     * scheduler, then the given flags. The scheduler is off because the shared ClickHouse holds other
     * tests' schedules, each test on its own clock: a server ticking on this one would run them.
     */
    public ApiConfig config(String... moreFlags) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--clickhouse", clickHouse.url(),
                "--freshness", "100ms", "--export-scheduler", "off", "--secrets-key", SECRETS_KEY));
        args.addAll(List.of(moreFlags));
        return ApiConfig.fromArgs(args.toArray(String[]::new), Map.of());
    }

    /**
     * The colleague's generator's traffic for each account (with its duplicates, out-of-order,
     * late, too-late and malformed records), interleaved as it would arrive, plus the day
     * boundaries below merged in at their time, and a few records the pipeline must refuse.
     */
    private static List<String> dataset() {
        List<EventStreamGenerator> generators = List.of(
                traffic(ACME, "", "2025-10-01", "2026-04-07", 1500, 1),
                traffic(GLOBEX, "", "2026-02-01", "2026-04-07", 300, 2),
                traffic(LEAP, "y23", "2023-02-20", "2023-03-06", 120, 3),
                traffic(LEAP, "y24", "2024-02-20", "2024-03-06", 120, 4),
                traffic(LEAP, "y25", "2025-02-20", "2025-03-06", 120, 5),
                traffic(EDGES, "fall", "2025-10-30", "2025-11-06", 60, 6),
                traffic(EDGES, "spring", "2026-03-04", "2026-03-12", 60, 7));
        List<String> lines = mergeByTime(EventStreamGenerator.generateInterleaved(generators), dayBoundaries());
        lines.add(dayBoundaries().get(0).json());
        lines.add(RawEvent.of(EDGES, "too_late_1", "conversation.started", "2026-03-05T10:00:00Z")
                .visitor("tl_v").conversation("tl_c").channel("slack").json());
        lines.add("not json at all");
        lines.add(RawEvent.of(EDGES, "unknown_1", "visitor.teleported", "2026-03-10T10:00:00Z").json());
        return lines;
    }

    private static EventStreamGenerator traffic(String account, String idPrefix, String from, String until, int visitors, long seed) {
        return EventStreamGenerator.builder().seed(seed).accountId(account).idPrefix(idPrefix)
                .start(LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant())
                .end(LocalDate.parse(until).atStartOfDay(ZoneOffset.UTC).toInstant())
                .visitors(visitors).duplicateRate(0.01).outOfOrderRate(0.02).lateCount(3).tooLateCount(2).malformedCount(2)
                .build();
    }

    /** The generated lines with the extra events slotted in before the first line that occurred after them. */
    private static List<String> mergeByTime(List<String> generated, List<RawEvent> extra) {
        List<RawEvent> pending = new ArrayList<>(extra);
        pending.sort(Comparator.comparingLong(RawEvent::occurredMs));
        List<String> out = new ArrayList<>();
        int next = 0;
        for (String line : generated) {
            long at = occurredMs(line);
            while (next < pending.size() && at != Long.MIN_VALUE && pending.get(next).occurredMs() <= at) {
                out.add(pending.get(next++).json());
            }
            out.add(line);
        }
        pending.subList(next, pending.size()).forEach(e -> out.add(e.json()));
        return out;
    }

    private static long occurredMs(String line) {
        try {
            return Instant.parse(JSON.readTree(line).path("occurredAt").asText()).toEpochMilli();
        } catch (IOException | RuntimeException notAnEvent) {
            return Long.MIN_VALUE;
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    /** A conversation and a lead a millisecond before and at each local midnight that is easy to get wrong. */
    private static List<RawEvent> dayBoundaries() {
        List<RawEvent> out = new ArrayList<>();
        String[] instants = {
            "2026-03-07T18:29:59.999Z", "2026-03-07T18:30:00.000Z",  // Asia/Kolkata midnight of 2026-03-08 (+05:30)
            "2026-03-08T03:29:59.999Z", "2026-03-08T03:30:00.000Z",  // America/St_Johns midnight of 2026-03-08 (-03:30)
            "2026-03-09T02:29:59.999Z", "2026-03-09T02:30:00.000Z",  // ... of 2026-03-09, after the spring change (-02:30)
            "2025-11-02T02:29:59.999Z", "2025-11-02T02:30:00.000Z",  // America/St_Johns midnight of 2025-11-02 (-02:30)
            "2025-11-03T03:29:59.999Z", "2025-11-03T03:30:00.000Z",  // ... of 2025-11-03, after the fall change (-03:30)
            "2025-11-01T18:29:59.999Z", "2025-11-01T18:30:00.000Z"}; // Asia/Kolkata midnight of 2025-11-02
        for (int i = 0; i < instants.length; i++) {
            String n = "b" + i;
            out.add(RawEvent.of(EDGES, n + "_s", "visitor.session_started", instants[i]).visitor(n + "_v").channel(i % 2 == 0 ? "whatsapp" : "api"));
            out.add(RawEvent.of(EDGES, n + "_c", "conversation.started", instants[i]).visitor(n + "_v").conversation(n + "_c"));
            out.add(RawEvent.of(EDGES, n + "_m", "message.sent", instants[i]).visitor(n + "_v").conversation(n + "_c")
                    .data("sender", "ai").data("content", "hello").data("responseTimeMs", 1000 + i));
            out.add(RawEvent.of(EDGES, n + "_l", "lead.created", instants[i]).lead(n + "_l").visitor(n + "_v").conversation(n + "_c")
                    .source(i % 3 == 0 ? "form" : "chat").data("score", 5 * i));
            out.add(RawEvent.of(EDGES, n + "_q", "lead.qualified", instants[i]).lead(n + "_l")
                    .data("previousStatus", "new").data("newStatus", "qualified").data("estimatedDealSize", 1000.55 * (i + 1)));
        }
        return out;
    }

    /** Waits out the server's freshness window (--freshness): after it, every answer reflects what ClickHouse holds now. */
    public void waitOutFreshness() {
        try {
            Thread.sleep(config().freshness().toMillis() + 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public ReferenceAnalytics reference() {
        return reference;
    }

    public LocalClickHouse clickHouse() {
        return clickHouse;
    }

    public String key(String account) {
        return keys.get(account);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public ApiServer server() {
        return server;
    }

    /** GET on the shared server with the account's key. */
    public Answer get(String account, String pathAndQuery, String... headerNamesAndValues) {
        return send(baseUrl(), keys.get(account) == null ? null : "Bearer " + keys.get(account), pathAndQuery, headerNamesAndValues);
    }

    /** A 200 answer's body without its dataCompleteUntil (which every analytics answer must carry), to compare with the reference. */
    public ObjectNode answerToCompare(String account, String pathAndQuery) {
        Answer a = get(account, pathAndQuery);
        assertEquals(200, a.status(), a.text());
        ObjectNode body = (ObjectNode) a.json();
        assertTrue(body.has("dataCompleteUntil"), "every answer carries dataCompleteUntil");
        body.remove("dataCompleteUntil");
        return body;
    }

    /** GET on any server; {@code authorization} null sends no Authorization header. */
    public Answer send(String baseUrl, String authorization, String pathAndQuery, String... headerNamesAndValues) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET();
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            req.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        try {
            HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(res.statusCode(), res.headers(), res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ?a=1&b=2} from names and values, each URL-encoded; null values are left out. */
    public static String query(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == null) {
                continue;
            }
            sb.append(sb.length() == 0 ? "?" : "&").append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
