package ai.synaptiq.api.ops;

import ai.synaptiq.api.data.ResponseCache;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and a latency histogram per route, written in the Prometheus text format; also what the
 * response cache reports (its computations, where they ran and how long they took).
 */
public final class ApiMetrics implements ResponseCache.Observer {
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record RequestKey(String route, String method, int status) {
    }

    private static final class Latency {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Latency() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Latency> latencies = new ConcurrentHashMap<>();
    private final LongAdder clickHouseErrors = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    /** Answer computations: index 0 in a request, 1 in the background. */
    private final LongAdder[] computations = {new LongAdder(), new LongAdder()};
    private final LongAdder[] computationFailures = {new LongAdder(), new LongAdder()};
    private final DoubleAdder[] computationSeconds = {new DoubleAdder(), new DoubleAdder()};
    private final LongAdder pastFreshness = new LongAdder();

    /** @param route the route's path template, never the raw path, so labels stay few */
    public void request(String route, String method, int status, double seconds) {
        requests.computeIfAbsent(new RequestKey(route, method, status), k -> new LongAdder()).increment();
        Latency l = latencies.computeIfAbsent(route, r -> new Latency());
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                l.buckets[i].increment();
            }
        }
        l.count.increment();
        l.sum.add(seconds);
    }

    public void clickHouseError() {
        clickHouseErrors.increment();
    }

    public void cacheHit() {
        cacheHits.increment();
    }

    public void cacheMiss() {
        cacheMisses.increment();
    }

    @Override
    public void computed(boolean inBackground, long nanos, boolean failed) {
        int where = inBackground ? 1 : 0;
        computations[where].increment();
        computationSeconds[where].add(nanos / 1e9);
        if (failed) {
            computationFailures[where].increment();
        }
    }

    @Override
    public void servedPastFreshness() {
        pastFreshness.increment();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP synaptiq_api_requests_total HTTP requests answered, by route, method and status.\n");
        sb.append("# TYPE synaptiq_api_requests_total counter\n");
        new TreeMap<String, Long>(requests.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> "{route=\"" + e.getKey().route() + "\",method=\"" + e.getKey().method() + "\",status=\"" + e.getKey().status() + "\"}",
                e -> e.getValue().sum())))
                .forEach((labels, n) -> sb.append("synaptiq_api_requests_total").append(labels).append(' ').append(n).append('\n'));

        sb.append("# HELP synaptiq_api_request_duration_seconds Time to answer a request, by route.\n");
        sb.append("# TYPE synaptiq_api_request_duration_seconds histogram\n");
        new TreeMap<>(latencies).forEach((route, l) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                sb.append("synaptiq_api_request_duration_seconds_bucket{route=\"").append(route).append("\",le=\"")
                        .append(trim(BUCKETS[i])).append("\"} ").append(l.buckets[i].sum()).append('\n');
            }
            sb.append("synaptiq_api_request_duration_seconds_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ").append(l.count.sum()).append('\n');
            sb.append("synaptiq_api_request_duration_seconds_sum{route=\"").append(route).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", l.sum.sum())).append('\n');
            sb.append("synaptiq_api_request_duration_seconds_count{route=\"").append(route).append("\"} ").append(l.count.sum()).append('\n');
        });

        counter(sb, "synaptiq_api_clickhouse_errors_total", "ClickHouse queries that failed or could not reach ClickHouse.", clickHouseErrors.sum());
        counter(sb, "synaptiq_api_cache_hits_total", "Analytics answers served from the response cache.", cacheHits.sum());
        counter(sb, "synaptiq_api_cache_misses_total", "Analytics answers computed in ClickHouse.", cacheMisses.sum());
        byWhere(sb, "synaptiq_api_answer_computations_total", "Cached answers computed in ClickHouse, by where: in a request (it waited) or in"
                + " the background (while the previous answer was served).", computations);
        byWhere(sb, "synaptiq_api_answer_computation_failures_total", "Those computations that failed.", computationFailures);
        sb.append("# HELP synaptiq_api_answer_computation_seconds_total Time those computations took, by where.\n");
        sb.append("# TYPE synaptiq_api_answer_computation_seconds_total counter\n");
        for (int i = 0; i < WHERE.length; i++) {
            sb.append("synaptiq_api_answer_computation_seconds_total{where=\"").append(WHERE[i]).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", computationSeconds[i].sum())).append('\n');
        }
        counter(sb, "synaptiq_api_answers_past_freshness_total", "Cached answers served older than --freshness because their"
                + " recomputation had not finished yet.", pastFreshness.sum());
        return sb.toString();
    }

    private static final String[] WHERE = {"request", "background"};

    private static void byWhere(StringBuilder sb, String name, String help, LongAdder[] values) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        for (int i = 0; i < WHERE.length; i++) {
            sb.append(name).append("{where=\"").append(WHERE[i]).append("\"} ").append(values[i].sum()).append('\n');
        }
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
