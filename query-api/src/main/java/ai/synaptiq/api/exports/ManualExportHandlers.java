package ai.synaptiq.api.exports;

import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.RequestBody;
import ai.synaptiq.api.http.RequestParams;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Manual exports (docs/exports.md): the parameters (query string for GET, JSON body for POST) are
 * validated before a byte is written, then the file streams to the client as the rows arrive.
 */
public record ManualExportHandlers(ExportRunner runner, ExportStreams streams) {
    private static final Logger LOG = LoggerFactory.getLogger(ManualExportHandlers.class);

    public void leads(Context ctx) {
        export(ctx, DataType.LEADS);
    }

    public void conversations(Context ctx) {
        export(ctx, DataType.CONVERSATIONS);
    }

    public void analytics(Context ctx) {
        export(ctx, DataType.ANALYTICS);
    }

    private void export(Context ctx, DataType type) {
        Caller caller = Caller.of(ctx);
        try (ExportStreams.Slot slot = streams.open(caller.accountId())) {
            stream(ctx, caller, type);
        }
    }

    private void stream(Context ctx, Caller caller, DataType type) {
        PreparedExport export = runner.prepare(caller.accountId(), type, params(ctx));
        ctx.contentType(export.format().contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"");
        OutputStream out = ctx.outputStream();
        try {
            runner.run(caller.keyId(), export, out, ExportOrigin.MANUAL);
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

    /** Query parameters for GET, the JSON object body for POST. */
    private static RequestParams params(Context ctx) {
        if ("GET".equals(ctx.method().name())) {
            return RequestParams.ofQuery(ctx);
        }
        return RequestParams.fromJson(RequestBody.json(ctx));
    }
}
