package ai.synaptiq.api.exports;

import ai.synaptiq.api.exports.governance.AccessPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every export route, registered on the API's Javalin app. Handlers are thin: they read the
 * authenticated {@link ExportCaller} (context attribute {@value #CALLER_ATTRIBUTE}), check its role,
 * hand the parameters to a service and write what it returns. Errors are {@code {"error", "message"}}.
 */
public final class ExportRoutes {
    public static final String CALLER_ATTRIBUTE = "caller";
    private static final Logger LOG = LoggerFactory.getLogger(ExportRoutes.class);

    private final ExportService exports;
    private final ObjectMapper json;

    public ExportRoutes(ExportService exports, ObjectMapper json) {
        this.exports = exports;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/v1/exports/leads", ctx -> export(ctx, DataType.LEADS));
        app.post("/v1/exports/leads", ctx -> export(ctx, DataType.LEADS));
        app.get("/v1/exports/conversations", ctx -> export(ctx, DataType.CONVERSATIONS));
        app.post("/v1/exports/conversations", ctx -> export(ctx, DataType.CONVERSATIONS));

        app.exception(ExportException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    }

    private void export(Context ctx, DataType type) {
        ExportCaller caller = caller(ctx);
        AccessPolicy.requireExporter(caller);
        Export export = exports.prepare(caller.accountId(), type, params(ctx));
        ctx.contentType(export.format().contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
        OutputStream out = ctx.outputStream();
        try {
            exports.run(caller, export, out);
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

    static ExportCaller caller(Context ctx) {
        Object c = ctx.attribute(CALLER_ATTRIBUTE);
        if (c instanceof ExportCaller caller) {
            return caller;
        }
        throw new ExportException.Unauthorized("a valid API key is required (Authorization: Bearer <key>)");
    }

    /** Query parameters for GET, the JSON object body for POST. */
    private ExportParams params(Context ctx) {
        if ("GET".equals(ctx.method().name())) {
            return ExportParams.of(ctx.queryParamMap());
        }
        return ExportParams.fromJson(body(ctx));
    }

    private JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ExportException.InvalidRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private void error(Context ctx, int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        writeJson(ctx.status(status), body);
    }

    private void writeJson(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
