package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import ai.synaptiq.api.ApiServer;
import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.keys.ApiKey;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Javalin server on 127.0.0.1 with the export routes alone ({@link ApiServer#exportRoutes}, with
 * their roles), in front of the shared test ClickHouse, so the format and governance tests can act as
 * any account, key id and role without creating keys: in place of the server's key check, a stand-in
 * reads the caller from the {@code X-Test-Caller: account/key/role} header and admits it to the route
 * as the key check does (403 for a role the route does not name). ExportsServerTest covers the routes
 * on the real server, with real keys.
 */
final class ExportApi implements AutoCloseable {
    /** The secrets key of the test servers (base64 of 32 bytes). */
    static final String SECRETS_KEY = "c3luYXB0aXEtdGVzdC1zZWNyZXRzLWtleS0zMmJ5dGU=";
    private static final DataState NO_DATA_STATE = new DataState(Optional.empty(), Map.of(), Map.of(), Map.of());
    final ClickHouseClient clickHouse;
    final ExportComponents exports;
    final Javalin app;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    ExportApi() {
        this(Clock.systemUTC());
    }

    ExportApi(Clock clock) {
        this(clock, ExportsConfig.defaults().withOutbound(false, SECRETS_KEY, Duration.ofSeconds(30)));
    }

    ExportApi(Clock clock, ExportsConfig config) {
        this.clickHouse = LocalClickHouse.shared().client();
        this.exports = new ExportComponents(clickHouse, clock, config);
        this.app = Javalin.create(c -> {
            ApiServer.configure(c, ApiServer.jsonMapper());
            c.router.mount(router -> router.beforeMatched(ctx -> {
                String header = ctx.header("X-Test-Caller");
                if (header != null && !ctx.routeRoles().isEmpty()) {
                    String[] p = header.split("/");
                    ApiKey key = new ApiKey(p[1], p[0], Role.fromWire(p[2]).orElseThrow(), Instant.EPOCH, false, null, "");
                    new Caller(key, NO_DATA_STATE).admitTo(ctx);
                }
            }));
            c.router.apiBuilder(() -> ApiServer.exportRoutes(exports));
        });
        app.start("127.0.0.1", 0);
    }

    String base() {
        return "http://127.0.0.1:" + app.port();
    }

    HttpRequest.Builder request(String path, String caller) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60));
        if (caller != null) {
            b.header("X-Test-Caller", caller);
        }
        return b;
    }

    HttpResponse<byte[]> get(String path, String caller) {
        return Requests.send(request(path, caller).GET().build());
    }

    HttpResponse<byte[]> post(String path, String caller, String jsonBody) {
        return Requests.send(request(path, caller).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    HttpResponse<byte[]> put(String path, String caller, String jsonBody) {
        return Requests.send(request(path, caller).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody)).build());
    }

    HttpResponse<byte[]> delete(String path, String caller) {
        return Requests.send(request(path, caller).DELETE().build());
    }

    HttpResponse<InputStream> open(String path, String caller) {
        try {
            return http.send(request(path, caller).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the schedule now and waits until its run has finished its first attempt; the run as the API shows it. */
    JsonNode runNow(String caller, String scheduleId) {
        String path = "/v1/exports/schedules/" + scheduleId + "/runs/" + ScheduledExportTest.json(post("/v1/exports/schedules/" + scheduleId + "/run",
                caller, "")).get("id").asText();
        ScheduledExportTest.await(() -> !"running".equals(ScheduledExportTest.json(get(path, caller)).get("status").asText()), () -> path);
        return ScheduledExportTest.json(get(path, caller));
    }

    /** Deletes every schedule of these accounts, so no other test's scheduler runs them. */
    void deleteSchedules(List<String> accounts) {
        for (String account : accounts) {
            exports.schedules().list(account).forEach(s -> exports.schedules().delete(account, s.id()));
        }
    }

    /** Closes each in turn: the server and the receivers a test started. */
    static void closeAll(AutoCloseable... things) throws Exception {
        for (AutoCloseable t : things) {
            t.close();
        }
    }

    @Override
    public void close() {
        exports.close();
        app.stop();
    }
}
