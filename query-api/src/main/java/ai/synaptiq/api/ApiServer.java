package ai.synaptiq.api;

import ai.synaptiq.api.analytics.ActivityService;
import ai.synaptiq.api.analytics.FunnelService;
import ai.synaptiq.api.analytics.OverviewService;
import ai.synaptiq.api.dashboard.Dashboard;
import ai.synaptiq.api.data.DataStateMonitor;
import ai.synaptiq.api.data.ResponseCache;
import ai.synaptiq.api.errors.ApiException;
import ai.synaptiq.api.errors.ErrorBody;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.MethodNotAllowedException;
import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.api.errors.RateLimitedException;
import ai.synaptiq.api.errors.UnavailableException;
import ai.synaptiq.api.exports.ExportRoutes;
import ai.synaptiq.api.exports.Exports;
import ai.synaptiq.api.http.AnalyticsGate;
import ai.synaptiq.api.http.AnalyticsHandlers;
import ai.synaptiq.api.http.CachedJsonResponder;
import ai.synaptiq.api.http.KeyRateLimiter;
import ai.synaptiq.api.http.RequestBody;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.KeyAuthenticator;
import ai.synaptiq.api.ops.ApiMetrics;
import ai.synaptiq.api.ops.Health;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.javalin.apibuilder.ApiBuilder.get;

/**
 * The HTTP query API. {@link #routes} is the one place that shows every route (the export routes
 * are listed in {@link ExportRoutes}); handlers are thin and the services behind them know nothing
 * of HTTP. Analytics and export routes pass the same {@link AnalyticsGate}: one key check, one
 * rate limit per key, one error format. Flags: see {@link ApiConfig} or {@code --help}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String OPENAPI_RESOURCE = "/ai/synaptiq/api/openapi.json";
    private static final String DOCS_RESOURCE = "/ai/synaptiq/api/docs.html";
    /** Threads that recompute cached answers in the background: each runs one ClickHouse query at a time. */
    private static final int RECOMPUTE_THREADS = 2;

    /** A registered route, as the OpenAPI test compares it with the document. */
    public record Route(String method, String path) {
    }

    private final Javalin app;
    private final DataStateMonitor dataState;
    private final ResponseCache responses;
    private final Exports exports;
    private final ScheduledExecutorService migrations;
    private final List<Route> routes = new ArrayList<>();

    private ApiServer(ApiConfig config, Clock clock) {
        ClickHouseClient clickHouse = new ClickHouseClient(config.clickHouseUrl(), config.clickHouseUser(),
                config.clickHousePassword(), config.clickHouseTimeout());
        ObjectMapper json = jsonMapper();
        ApiMetrics metrics = new ApiMetrics();
        this.dataState = new DataStateMonitor(clickHouse, clock, config.freshness(), config.refresh(), config.clickHouseTimeout().multipliedBy(2).plusSeconds(1));
        this.responses = new ResponseCache(config.cacheEntries(), config.cacheBytes(), config.freshness(), config.recompute(), RECOMPUTE_THREADS);
        AnalyticsGate gate = new AnalyticsGate(dataState, new KeyAuthenticator(new ApiKeyStore(clickHouse, clock)),
                new KeyRateLimiter(config.rateLimit(), System::nanoTime));
        AnalyticsHandlers analytics = new AnalyticsHandlers(gate,
                new CachedJsonResponder(json, responses, metrics),
                new OverviewService(clickHouse), new FunnelService(clickHouse), new ActivityService(clickHouse), clock);
        this.exports = new Exports(clickHouse, clock, config.exports());
        Health health = new Health(dataState, clock);
        byte[] openApi = resource(OPENAPI_RESOURCE);
        byte[] docs = resource(DOCS_RESOURCE);
        this.app = routes(json, metrics, gate, analytics, health, openApi, docs);
        this.migrations = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migrations");
            t.setDaemon(true);
            return t;
        });
        applyMigrations(clickHouse);
    }

    private Javalin routes(ObjectMapper json, ApiMetrics metrics, AnalyticsGate gate, AnalyticsHandlers analytics, Health health,
            byte[] openApi, byte[] docs) {
        return Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = RequestBody.MAX_BYTES;
            config.http.customCompression(gzipWhenAsked());
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(64 * 1024);
                http.setSendServerVersion(false);
            });
            config.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(h.getHttpMethod().name(), h.getPath()));
                }
            });
            config.requestLogger.http((ctx, ms) -> metrics.request(routeLabel(ctx), ctx.method().name(), ctx.statusCode(), ms / 1000.0));

            config.router.apiBuilder(() -> {
                Dashboard dashboard = Dashboard.load();
                get("/dashboard", dashboard::page);
                get("/dashboard/{asset}", dashboard::asset);
                get("/v1/analytics/overview", analytics::overview);
                get("/v1/analytics/funnel", analytics::funnel);
                get("/v1/analytics/activity", analytics::activity);
                get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
                get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docs));
                get("/health", ctx -> health(ctx, health));
                get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
            });

            config.router.mount(router -> {
                // Export routes read the caller from the context; it is set once the route is known to
                // exist, so an unknown path stays 404 and a wrong method 405, with or without a key.
                for (String path : ExportRoutes.AUTHENTICATED_PATHS) {
                    router.beforeMatched(path, ctx -> {
                        if (ctx.attribute(ExportRoutes.CALLER_ATTRIBUTE) == null) {
                            ctx.attribute(ExportRoutes.CALLER_ATTRIBUTE, gate.admit(ctx));
                        }
                    });
                }
                exports.register(router);

                router.exception(ApiException.class, ApiServer::writeError);
                router.exception(ClickHouseException.class, (e, ctx) -> {
                    metrics.clickHouseError();
                    LOG.warn("ClickHouse failed for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                    writeError(new UnavailableException("the analytics store (ClickHouse) is unavailable; retry in a few seconds"), ctx);
                });
                router.exception(HttpResponseException.class, (e, ctx) -> writeError(switch (e.getStatus()) {
                    case 404 -> new NotFoundException("no route " + ctx.method() + " " + shortPath(ctx) + "; see /v1/openapi.json");
                    case 405 -> new MethodNotAllowedException(ctx.method() + " is not allowed on " + shortPath(ctx) + "; see /v1/openapi.json");
                    case 413 -> RequestBody.tooLarge();
                    default -> new InvalidRequestException(e.getMessage());
                }, ctx));
                router.exception(Exception.class, (e, ctx) -> {
                    LOG.error("unexpected failure answering {} {}", ctx.method(), ctx.path(), e);
                    ctx.status(500).json(new ErrorBody("internal", "the server failed unexpectedly; this is a bug, see its log"));
                });
            });
        });
    }

    private static void health(Context ctx, Health health) {
        try {
            ctx.json(health.check());
        } catch (ClickHouseException | UnavailableException e) {
            ctx.status(503).json(Health.Down.because(e.getMessage()));
        }
    }

    private static void writeError(ApiException e, Context ctx) {
        if (e instanceof RateLimitedException limited) {
            ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(ErrorBody.of(e));
    }

    /** The path as a message may quote it: a huge one is cut. */
    private static String shortPath(Context ctx) {
        String path = ctx.path();
        return path.length() <= 100 ? path : path.substring(0, 100) + "...";
    }

    /** Metrics label: the matched route's template; unmatched paths share one label. */
    private static String routeLabel(Context ctx) {
        try {
            return ctx.endpointHandlerPath();
        } catch (IllegalStateException noEndpointMatched) {
            return "unmatched";
        }
    }

    private static CompressionStrategy gzipWhenAsked() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setDefaultMinSizeForCompression(0);
        return gzip;
    }

    /** Creates the tables the API needs if they are missing; retried in the background while ClickHouse is down. */
    private void applyMigrations(ClickHouseClient clickHouse) {
        try {
            Migrations.apply(clickHouse);
            exports.sealStoredSecrets();
        } catch (ClickHouseException e) {
            LOG.warn("ClickHouse migrations not applied yet ({}); retrying every 5 s", e.getMessage());
            migrations.schedule(() -> applyMigrations(clickHouse), 5, TimeUnit.SECONDS);
        }
    }

    static ObjectMapper jsonMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApiServer start(ApiConfig config, Clock clock) {
        ApiServer server = new ApiServer(config, clock);
        server.app.start(config.host(), config.port());
        if (config.exportScheduler()) {
            server.exports.scheduler().start();
        }
        return server;
    }

    public int port() {
        return app.port();
    }

    /** Every route the server registered. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        app.stop();
        exports.close();
        dataState.close();
        responses.close();
        migrations.shutdownNow();
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(ApiConfig.help());
            return;
        }
        ApiConfig config;
        try {
            config = ApiConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ApiConfig.help());
            System.exit(2);
            return;
        }
        System.out.println("Synaptiq query API starting with:\n" + config.describe());
        ApiServer server = start(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        System.out.println("Synaptiq query API listening on http://" + config.host() + ":" + server.port()
                + " (docs at /docs, OpenAPI at /v1/openapi.json)");
    }
}
