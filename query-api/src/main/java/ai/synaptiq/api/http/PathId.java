package ai.synaptiq.api.http;

import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.schemas.events.Vocabulary;
import io.javalin.http.Context;

/** A path parameter that names something by id ({@code {scheduleId}}, {@code {leadId}}...): 404 when it cannot be an id. */
public final class PathId {
    private PathId() {
    }

    public static String of(Context ctx, String name) {
        String v = ctx.pathParam(name);
        if (!Vocabulary.ID.matcher(v).matches()) {
            throw new NotFoundException("no " + name.replace("Id", "") + " " + v);
        }
        return v;
    }
}
