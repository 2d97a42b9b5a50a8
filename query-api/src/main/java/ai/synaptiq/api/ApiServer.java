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
import ai.synaptiq.api.exports.ExportComponents;
import ai.synaptiq.api.exports.ManualExportHandlers;
import ai.synaptiq.api.exports.governance.GovernanceHandlers;
import ai.synaptiq.api.exports.integrations.IntegrationHandlers;
import ai.synaptiq.api.exports.report.ReportHandlers;
import ai.synaptiq.api.exports.schedule.ScheduleHandlers;
import ai.synaptiq.api.http.AnalyticsHandlers;
import ai.synaptiq.api.http.CachedJsonResponder;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.KeyCheck;
import ai.synaptiq.api.http.KeyRateLimiter;
import ai.synaptiq.api.http.RequestBody;
import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.KeyAuthenticator;
import ai.synaptiq.api.keys.Role;
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
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

/**
 * The HTTP query API. {@link #routes} is the one place that lists every route, with the roles
 * that may call it (a route without roles is public); the handlers are methods of classes by area
 * ({@code http/AnalyticsHandlers}, {@code exports/ManualExportHandlers}, {@code exports/report/ReportHandlers},
 * {@code exports/governance/GovernanceHandlers}, {@code exports/schedule/ScheduleHandlers}), thin, and the
 * services behind them know nothing of HTTP. One {@link KeyCheck} runs before every route that names
 * roles: one key check, one rate limit per key, one role check, one {@link Caller}; one error format.
 * Flags: see {@link ApiConfig} or {@code --help}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String OPENAPI_RESOURCE = "/ai/synaptiq/api/openapi.json";
    private static final String DOCS_RESOURCE = "/ai/synaptiq/api/docs.html";
    /** Threads that recompute cached answers in the background: each runs one ClickHouse query at a time. */
    private static final int RECOMPUTE_THREADS = 2;
    /** Who may call a route (docs/exports.md §1): a key of any role, of the admin or export role, of the admin role. */
    private static final RouteRole[] ANY_KEY = Role.values();
    private static final RouteRole[] EXPORTERS = {Role.ADMIN, Role.EXPORT};
    private static final RouteRole[] ADMINS = {Role.ADMIN};

    /** A registered route and the roles that may call it (none: public), as the OpenAPI test compares them with the document. */
    public record Route(String method, String path, Set<Role> roles) {
    }

    private final Javalin app;
    private final DataStateMonitor dataState;
    private final ResponseCache responses;
    private final ExportComponents exports;
    private final ApiMetrics metrics = new ApiMetrics();
    private final Health health;
    private final byte[] openApi = resource(OPENAPI_RESOURCE);
    private final byte[] docs = resource(DOCS_RESOURCE);
    private final ScheduledExecutorService migrations;
    private final List<Route> routes = new ArrayList<>();

    private ApiServer(ApiConfig config, Clock clock) {
        ClickHouseClient clickHouse = new ClickHouseClient(config.clickHouseUrl(), config.clickHouseUser(),
                config.clickHousePassword(), config.clickHouseTimeout());
        ObjectMapper json = jsonMapper();
        this.dataState = new DataStateMonitor(clickHouse, clock, config.freshness(), config.refresh(), config.clickHouseTimeout().multipliedBy(2).plusSeconds(1));
        this.responses = new ResponseCache(config.cacheEntries(), config.cacheBytes(), config.freshness(), config.recompute(), RECOMPUTE_THREADS, metrics);
        KeyCheck keyCheck = new KeyCheck(dataState, new KeyAuthenticator(new ApiKeyStore(clickHouse, clock)),
                new KeyRateLimiter(config.rateLimit(), System::nanoTime));
        AnalyticsHandlers analytics = new AnalyticsHandlers(new CachedJsonResponder(json, responses, metrics),
                new OverviewService(clickHouse), new FunnelService(clickHouse), new ActivityService(clickHouse), clock);
        this.exports = new ExportComponents(clickHouse, clock, config.exports());
        this.health = new Health(dataState, clock);
        this.app = Javalin.create(javalin -> {
            configure(javalin, json);
            javalin.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(h.getHttpMethod().name(), h.getPath(),
                            h.getRoles().stream().map(Role.class::cast).collect(Collectors.toUnmodifiableSet())));
                }
            });
            javalin.requestLogger.http((ctx, ms) -> metrics.request(routeLabel(ctx), ctx.method().name(), ctx.statusCode(), ms / 1000.0));
            javalin.router.mount(router -> {
                router.beforeMatched(keyCheck);
                router.exception(ClickHouseException.class, (e, ctx) -> {
                    metrics.clickHouseError();
                    LOG.warn("ClickHouse failed for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                    writeError(new UnavailableException("the analytics store (ClickHouse) is unavailable; retry in a few seconds"), ctx);
                });
            });
            javalin.router.apiBuilder(() -> routes(analytics, Dashboard.load()));
        });
        this.migrations = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "migrations");
            t.setDaemon(true);
            return t;
        });
        applyMigrations(clickHouse);
    }

    /** Every route: path, handler, the roles that may call it. Add a route here, its handler to its area's class. */
    private void routes(AnalyticsHandlers analytics, Dashboard dashboard) {
        get("/dashboard", dashboard::page);
        get("/dashboard/{asset}", dashboard::asset);
        get("/docs", this::docs);
        get("/health", this::health);
        get("/metrics", this::metrics);
        get("/v1/openapi.json", this::openApi);
        path("/v1/analytics", () -> {
            get("/overview", analytics::overview, ANY_KEY);
            get("/funnel", analytics::funnel, ANY_KEY);
            get("/activity", analytics::activity, ANY_KEY);
        });
        exportRoutes(exports);
    }

    /**
     * The export routes (docs/exports.md), part of {@link #routes}; the export tests' server
     * registers them alone.
     */
    public static void exportRoutes(ExportComponents exports) {
        ManualExportHandlers manual = new ManualExportHandlers(exports.runner(), exports.streams());
        ReportHandlers report = new ReportHandlers(exports.annotations(), exports.branding());
        GovernanceHandlers governance = new GovernanceHandlers(exports.restrictions(), exports.audit(), exports.notifications(),
                exports.erasure(), exports.keys());
        ScheduleHandlers schedules = new ScheduleHandlers(exports.schedules(), exports.settings(), exports.streams());
        IntegrationHandlers integrations = new IntegrationHandlers(exports.integrations());
        path("/v1/exports", () -> {
            get("/leads", manual::leads, EXPORTERS);
            post("/leads", manual::leads, EXPORTERS);
            get("/conversations", manual::conversations, EXPORTERS);
            post("/conversations", manual::conversations, EXPORTERS);
            get("/analytics", manual::analytics, EXPORTERS);
            post("/analytics", manual::analytics, EXPORTERS);

            get("/branding", report::branding, EXPORTERS);
            put("/branding", report::putBranding, EXPORTERS);

            get("/field-restrictions", governance::restrictions, EXPORTERS);
            put("/field-restrictions", governance::putRestrictions, ADMINS);
            get("/audit-log", governance::auditLog, ADMINS);

            get("/settings", schedules::settings, ADMINS);
            put("/settings", schedules::putSettings, ADMINS);
            get("/alert-channels", integrations::alertChannels, ADMINS);
            put("/alert-channels", integrations::putAlertChannels, ADMINS);
            path("/integrations", () -> {
                get("", integrations::list, EXPORTERS);
                get("/{integration}", integrations::get, EXPORTERS);
                put("/{integration}", integrations::put, ADMINS);
                delete("/{integration}", integrations::delete, ADMINS);
                post("/{integration}/test", integrations::test, ADMINS);
            });
            path("/schedules", () -> {
                post("", schedules::create, EXPORTERS);
                get("", schedules::list, EXPORTERS);
                path("/{scheduleId}", () -> {
                    get("", schedules::get, EXPORTERS);
                    put("", schedules::update, EXPORTERS);
                    delete("", schedules::delete, EXPORTERS);
                    post("/pause", schedules::pause, EXPORTERS);
                    post("/resume", schedules::resume, EXPORTERS);
                    post("/run", schedules::runNow, EXPORTERS);
                    get("/runs", schedules::runs, EXPORTERS);
                    get("/runs/{runId}", schedules::run, EXPORTERS);
                    get("/runs/{runId}/file", schedules::download, EXPORTERS);
                });
            });
        });
        path("/v1/analytics/annotations", () -> {
            get("", report::listAnnotations, ANY_KEY);
            post("", report::addAnnotation, EXPORTERS);
            delete("/{annotationId}", report::deleteAnnotation, EXPORTERS);
        });
        get("/v1/notifications", governance::notifications, EXPORTERS);
        delete("/v1/leads/{leadId}", governance::eraseLead, ADMINS);
    }

    /**
     * What every server of these routes shares (the export tests' server too): the JSON mapper,
     * request limits, compression, and the one error format of {@link ErrorBody}.
     */
    public static void configure(JavalinConfig javalin, ObjectMapper json) {
        javalin.showJavalinBanner = false;
        javalin.jsonMapper(new JavalinJackson(json, false));
        javalin.http.prefer405over404 = true;
        javalin.http.maxRequestSize = RequestBody.MAX_BYTES;
        javalin.http.customCompression(gzipWhenAsked());
        javalin.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(64 * 1024);
            http.setSendServerVersion(false);
        });
        javalin.router.mount(router -> {
            router.exception(ApiException.class, ApiServer::writeError);
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
    }

    private void docs(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(docs);
    }

    private void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render());
    }

    private void health(Context ctx) {
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

    /** The one JSON mapper of responses ({@code ctx.json}) and cached answers. */
    public static ObjectMapper jsonMapper() {
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
