package ai.synaptiq.api.exports.integrations;

import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.DataList;
import ai.synaptiq.api.http.PathId;
import ai.synaptiq.api.http.RequestBody;
import io.javalin.http.Context;

/** The account's cloud storage integrations and alert channels (docs/exports.md, "Integrations", "Alert channels"). */
public record IntegrationHandlers(Integrations integrations) {
    public void list(Context ctx) {
        ctx.json(new DataList<>(integrations.list(Caller.of(ctx).accountId())));
    }

    public void get(Context ctx) {
        ctx.json(integrations.get(Caller.of(ctx).accountId(), PathId.of(ctx, "integration")));
    }

    public void put(Context ctx) {
        ctx.json(integrations.put(Caller.of(ctx), ctx.pathParam("integration"), RequestBody.json(ctx)));
    }

    public void delete(Context ctx) {
        integrations.delete(Caller.of(ctx), PathId.of(ctx, "integration"));
        ctx.status(204);
    }

    /** 200 whatever the destination said: the outcome is in the body. */
    public void test(Context ctx) {
        ctx.json(integrations.test(Caller.of(ctx).accountId(), PathId.of(ctx, "integration")));
    }

    public void alertChannels(Context ctx) {
        ctx.json(integrations.alertChannels(Caller.of(ctx).accountId()));
    }

    public void putAlertChannels(Context ctx) {
        ctx.json(integrations.putAlertChannels(Caller.of(ctx), RequestBody.json(ctx)));
    }
}
