package ai.synaptiq.api.exports;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.api.errors.UnauthorizedException;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.AccessPolicy;
import ai.synaptiq.api.exports.governance.AuditLog;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import ai.synaptiq.api.exports.governance.LeadErasure;
import ai.synaptiq.api.exports.governance.Notifications;
import ai.synaptiq.api.exports.report.Annotations;
import ai.synaptiq.api.exports.report.Branding;
import ai.synaptiq.api.exports.schedule.ExportRun;
import ai.synaptiq.api.exports.schedule.ScheduleService;
import ai.synaptiq.api.http.ParameterRules;
import ai.synaptiq.api.http.RequestBody;
import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every export route (docs/exports.md), registered on the API's Javalin app by
 * {@link #register}: manual exports, annotations, branding, field restrictions, audit log,
 * notifications, erasure, settings and schedules. Handlers are thin: they read the authenticated
 * {@link ExportCaller} (context attribute {@value #CALLER_ATTRIBUTE}, which the server's
 * authentication sets on every path of {@link #AUTHENTICATED_PATHS}), check its role, hand the
 * parameters to a service and write what it returns. Failures are {@code ApiException}s, which the
 * server's one exception mapper answers as {@code {"error", "message"}}.
 */
public final class ExportRoutes {
    public static final String CALLER_ATTRIBUTE = "caller";
    /** The path patterns of every route below: the server authenticates each request to them before its handler runs. */
    public static final List<String> AUTHENTICATED_PATHS = List.of("/v1/exports/*", "/v1/leads/*", "/v1/notifications",
            "/v1/analytics/annotations", "/v1/analytics/annotations/*");
    /** Query parameters of the GET routes that take any (the OpenAPI document lists exactly these). */
    public static final Set<String> ANNOTATION_PARAMETERS = Set.of("startDate", "endDate");
    public static final Set<String> AUDIT_LOG_PARAMETERS = Set.of("startDate", "endDate", "timezone", "action", "page", "limit");
    public static final Set<String> LIMIT_PARAMETER = Set.of("limit");
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);

    private final Exports services;
    private final ObjectMapper json;

    ExportRoutes(Exports services, ObjectMapper json) {
        this.services = services;
        this.json = json;
    }

    public void register(JavalinDefaultRouting app) {
        app.get("/v1/exports/leads", ctx -> export(ctx, DataType.LEADS));
        app.post("/v1/exports/leads", ctx -> export(ctx, DataType.LEADS));
        app.get("/v1/exports/conversations", ctx -> export(ctx, DataType.CONVERSATIONS));
        app.post("/v1/exports/conversations", ctx -> export(ctx, DataType.CONVERSATIONS));
        app.get("/v1/exports/analytics", ctx -> export(ctx, DataType.ANALYTICS));
        app.post("/v1/exports/analytics", ctx -> export(ctx, DataType.ANALYTICS));

        app.get("/v1/analytics/annotations", this::listAnnotations);
        app.post("/v1/analytics/annotations", this::addAnnotation);
        app.delete("/v1/analytics/annotations/{annotationId}", this::deleteAnnotation);
        app.get("/v1/exports/branding", ctx -> {
            ExportCaller caller = exporter(ctx);
            writeJson(ctx, brandingJson(services.branding().get(caller.accountId())));
        });
        app.put("/v1/exports/branding", ctx -> {
            ExportCaller caller = exporter(ctx);
            writeJson(ctx, brandingJson(services.branding().put(caller.accountId(), caller.keyId(), Branding.of(body(ctx)))));
        });

        app.get("/v1/exports/field-restrictions", ctx -> {
            ExportCaller caller = exporter(ctx);
            writeJson(ctx, restrictionsJson(services.restrictions().get(caller.accountId())));
        });
        app.put("/v1/exports/field-restrictions", ctx -> {
            ExportCaller caller = admin(ctx);
            RequestParams p = RequestParams.fromJson(body(ctx)).requireOnly(Set.of("fields"));
            FieldRestrictions r = FieldRestrictions.of(p.list("fields"));
            writeJson(ctx, restrictionsJson(services.restrictions().put(caller.accountId(), caller.keyId(), r)));
        });
        app.get("/v1/exports/audit-log", this::auditLog);
        app.get("/v1/notifications", ctx -> {
            ExportCaller caller = exporter(ctx);
            int limit = RequestParams.ofQuery(ctx).requireOnly(LIMIT_PARAMETER).integer("limit", 1, 100, 50);
            writeJson(ctx, Map.of("data", services.notifications().list(caller.accountId(), limit).stream()
                    .map(Notifications.Notification::toJson).toList()));
        });
        app.delete("/v1/leads/{leadId}", ctx -> {
            ExportCaller caller = admin(ctx);
            LeadErasure.Receipt receipt = services.erasure().erase(caller, id(ctx, "leadId"));
            writeJson(ctx.status(receipt.completed() ? 200 : 202), receipt.toJson());
        });

        app.get("/v1/exports/settings", ctx -> writeJson(ctx, services.settings().get(admin(ctx).accountId()).toJson()));
        app.put("/v1/exports/settings", ctx -> {
            ExportCaller caller = admin(ctx);
            writeJson(ctx, services.settings().update(caller.accountId(), caller.keyId(), body(ctx)).toJson());
        });

        ScheduleService schedules = services.schedules();
        app.post("/v1/exports/schedules", ctx -> {
            ExportCaller caller = exporter(ctx);
            writeJson(ctx.status(201), schedules.toJson(schedules.create(caller, body(ctx))));
        });
        app.get("/v1/exports/schedules", ctx -> writeJson(ctx, Map.of("data",
                schedules.list(exporter(ctx).accountId()).stream().map(schedules::toJson).toList())));
        app.get("/v1/exports/schedules/{scheduleId}", ctx ->
                writeJson(ctx, schedules.toJson(schedules.get(exporter(ctx).accountId(), id(ctx, "scheduleId")))));
        app.put("/v1/exports/schedules/{scheduleId}", ctx -> {
            ExportCaller caller = exporter(ctx);
            writeJson(ctx, schedules.toJson(schedules.update(caller, id(ctx, "scheduleId"), body(ctx))));
        });
        app.delete("/v1/exports/schedules/{scheduleId}", ctx -> {
            schedules.delete(exporter(ctx).accountId(), id(ctx, "scheduleId"));
            ctx.status(204);
        });
        app.post("/v1/exports/schedules/{scheduleId}/pause", ctx ->
                writeJson(ctx, schedules.toJson(schedules.pause(exporter(ctx).accountId(), id(ctx, "scheduleId")))));
        app.post("/v1/exports/schedules/{scheduleId}/resume", ctx ->
                writeJson(ctx, schedules.toJson(schedules.resume(exporter(ctx).accountId(), id(ctx, "scheduleId")))));
        app.post("/v1/exports/schedules/{scheduleId}/run", ctx -> {
            ExportRun run = schedules.runNow(exporter(ctx).accountId(), id(ctx, "scheduleId"));
            writeJson(ctx.status(202), run.toJson(schedules.now(), false));
        });
        app.get("/v1/exports/schedules/{scheduleId}/runs", ctx -> {
            ExportCaller caller = exporter(ctx);
            int limit = RequestParams.ofQuery(ctx).requireOnly(LIMIT_PARAMETER).integer("limit", 1, 100, 50);
            writeJson(ctx, Map.of("data", schedules.history(caller.accountId(), id(ctx, "scheduleId"), limit).stream()
                    .map(r -> r.toJson(schedules.now(), schedules.fileAvailable(r))).toList()));
        });
        app.get("/v1/exports/schedules/{scheduleId}/runs/{runId}", ctx -> {
            ExportRun r = schedules.run(exporter(ctx).accountId(), id(ctx, "scheduleId"), id(ctx, "runId"));
            writeJson(ctx, r.toJson(schedules.now(), schedules.fileAvailable(r)));
        });
        app.get("/v1/exports/schedules/{scheduleId}/runs/{runId}/file", this::download);
    }

    private void export(Context ctx, DataType type) {
        ExportCaller caller = exporter(ctx);
        try (ExportStreams.Slot slot = services.streams().open(caller.accountId())) {
            stream(ctx, caller, type);
        }
    }

    private void stream(Context ctx, ExportCaller caller, DataType type) {
        Export export = services.service().prepare(caller.accountId(), type, params(ctx));
        ctx.contentType(export.format().contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
        OutputStream out = ctx.outputStream();
        try {
            services.service().run(caller.keyId(), export, out, ExportOrigin.MANUAL);
            out.flush();
        } catch (RuntimeException | IOException e) {
            if (!ctx.res().isCommitted()) {
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            // Half a file must not look like a whole one: drop the connection instead of ending the body.
            LOG.warn("{} export for account {} stopped half way: {}", type.wireName(), caller.accountId(), e.toString());
            org.eclipse.jetty.server.Request.getBaseRequest(ctx.req()).getHttpChannel().abort(e);
        }
    }

    /** Every role may read the annotations; adding and deleting them is for exporters. */
    private void listAnnotations(Context ctx) {
        ExportCaller caller = caller(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(ANNOTATION_PARAMETERS);
        List<Map<String, Object>> data = new ArrayList<>();
        for (Annotations.Annotation a : services.annotations().list(caller.accountId(), DateFilter.of(p))) {
            data.add(annotationJson(a));
        }
        writeJson(ctx, Map.of("data", data));
    }

    private void addAnnotation(Context ctx) {
        ExportCaller caller = exporter(ctx);
        RequestParams p = RequestParams.fromJson(body(ctx)).requireOnly(Set.of("date", "text"));
        LocalDate date = p.date("date").orElseThrow(() -> new InvalidRequestException("'date' is required (an ISO date such as 2026-03-10)"));
        Annotations.Annotation a = services.annotations().add(caller.accountId(), caller.keyId(), date, p.text("text").orElse(""));
        writeJson(ctx.status(201), annotationJson(a));
    }

    private void deleteAnnotation(Context ctx) {
        ExportCaller caller = exporter(ctx);
        services.annotations().delete(caller.accountId(), id(ctx, "annotationId"));
        ctx.status(204);
    }

    /** A past run's file, streamed from storage; each download is in the audit log. */
    private void download(Context ctx) {
        ExportCaller caller = exporter(ctx);
        ScheduleService schedules = services.schedules();
        ExportRun r = schedules.run(caller.accountId(), id(ctx, "scheduleId"), id(ctx, "runId"));
        try (ExportStreams.Slot slot = services.streams().open(caller.accountId())) {
            schedules.download(caller, r, () -> {
                ctx.contentType(r.contentType);
                ctx.header("Content-Disposition", "attachment; filename=\"" + r.fileName + "\"");
                return ctx.outputStream();
            });
        }
    }

    /** Admins read the audit log, newest first, a page at a time. */
    private void auditLog(Context ctx) {
        ExportCaller caller = admin(ctx);
        RequestParams p = RequestParams.ofQuery(ctx).requireOnly(AUDIT_LOG_PARAMETERS);
        DateFilter range = DateFilter.of(p);
        String action = p.choice("action", Set.of("export", "erasure"), null);
        int page = p.integer("page", 1, Integer.MAX_VALUE, 1);
        int limit = p.integer("limit", 1, 100, 50);
        AuditLog.Page entries = services.audit().list(caller.accountId(), range, action, page, limit);
        long totalPages = (entries.total() + limit - 1) / limit;
        Map<String, Object> pagination = new LinkedHashMap<>();
        pagination.put("page", page);
        pagination.put("limit", limit);
        pagination.put("total", entries.total());
        pagination.put("totalPages", totalPages);
        pagination.put("hasMore", page < totalPages);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", entries.entries().stream().map(AuditLog.Entry::toJson).toList());
        body.put("pagination", pagination);
        writeJson(ctx, body);
    }

    private static Map<String, Object> restrictionsJson(FieldRestrictions r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fields", r.fields().stream().sorted().toList());
        m.put("restrictable", FieldRestrictions.RESTRICTABLE);
        return m;
    }

    private static Map<String, Object> annotationJson(Annotations.Annotation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("date", a.date().toString());
        m.put("text", a.text());
        m.put("createdAt", Values.instant(a.createdMs()));
        m.put("createdBy", a.createdBy());
        return m;
    }

    private static Map<String, Object> brandingJson(Branding b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("companyName", b.companyName());
        m.put("primaryColor", b.primaryColor());
        m.put("accentColor", b.accentColor());
        m.put("logoPng", b.logoBase64());
        return m;
    }

    private static ExportCaller admin(Context ctx) {
        ExportCaller caller = caller(ctx);
        AccessPolicy.requireAdmin(caller);
        return caller;
    }

    private static ExportCaller exporter(Context ctx) {
        ExportCaller caller = caller(ctx);
        AccessPolicy.requireExporter(caller);
        return caller;
    }

    /** A path parameter that must be an id. */
    private static String id(Context ctx, String name) {
        String v = ctx.pathParam(name);
        if (!Vocabulary.ID.matcher(v).matches()) {
            throw new NotFoundException("no " + name.replace("Id", "") + " " + v);
        }
        return v;
    }

    static ExportCaller caller(Context ctx) {
        Object c = ctx.attribute(CALLER_ATTRIBUTE);
        if (c instanceof ExportCaller caller) {
            return caller;
        }
        throw new UnauthorizedException("a valid API key is required (Authorization: Bearer <key>)");
    }

    /** Query parameters for GET, the JSON object body for POST. */
    private RequestParams params(Context ctx) {
        if ("GET".equals(ctx.method().name())) {
            return RequestParams.ofQuery(ctx);
        }
        return RequestParams.fromJson(body(ctx));
    }

    /** The JSON body, read within the size limit; decimals stay exact (a 1E-300000 must not become 0.0 and pass). */
    private JsonNode body(Context ctx) {
        String text = RequestBody.text(ctx);
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the body is not JSON: " + ParameterRules.quote(e.getOriginalMessage()));
        }
    }

    private void writeJson(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
