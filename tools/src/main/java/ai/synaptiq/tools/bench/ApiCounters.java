package ai.synaptiq.tools.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API's own counters ({@code /metrics}) around a phase, to tell where a tail comes from: requests
 * slow inside the handler (waiting for a computation) or queued before it, and how the response cache
 * kept its answers fresh (computations in requests or in the background, answers past --freshness).
 */
final class ApiCounters {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Double> values;

    private ApiCounters(Map<String, Double> values) {
        this.values = values;
    }

    /** Reads every sample of the API's /metrics (name with labels, value). */
    static ApiCounters read(URI api) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve("/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + r.statusCode());
        }
        Map<String, Double> values = new HashMap<>();
        for (String line : r.body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new ApiCounters(values);
    }

    private double delta(ApiCounters before, String sample) {
        return values.getOrDefault(sample, 0.0) - before.values.getOrDefault(sample, 0.0);
    }

    /** Requests of the route that took longer than the bucket bound inside the API, since {@code before}. */
    private long slowerThan(ApiCounters before, String route, String bound) {
        String bucket = "synaptiq_api_request_duration_seconds_bucket{route=\"" + route + "\",le=\"";
        return Math.round(delta(before, bucket + "+Inf\"}") - delta(before, bucket + bound + "\"}"));
    }

    /** One line: what happened inside the API since {@code before}. */
    String describeSince(ApiCounters before, String overviewRoute, String funnelRoute) {
        String computations = "synaptiq_api_answer_computations_total{where=\"";
        String seconds = "synaptiq_api_answer_computation_seconds_total{where=\"";
        double inRequests = delta(before, computations + "request\"}");
        double inBackground = delta(before, computations + "background\"}");
        return String.format(Locale.ROOT, "inside the API: requests over 100 ms in the handler: overview %d, funnel %d;"
                        + " answers computed in a request %.0f (mean %.0f ms), in the background %.0f (mean %.0f ms); served past --freshness %.0f",
                slowerThan(before, overviewRoute, "0.1"), slowerThan(before, funnelRoute, "0.1"),
                inRequests, mean(delta(before, seconds + "request\"}"), inRequests),
                inBackground, mean(delta(before, seconds + "background\"}"), inBackground),
                delta(before, "synaptiq_api_answers_past_freshness_total"));
    }

    private static double mean(double seconds, double count) {
        return count == 0 ? 0 : seconds * 1000 / count;
    }
}
