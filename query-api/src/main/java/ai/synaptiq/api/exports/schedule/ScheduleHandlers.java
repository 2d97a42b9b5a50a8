package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.http.RequestParams;
import ai.synaptiq.api.exports.ExportStreams;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.DataList;
import ai.synaptiq.api.http.PathId;
import ai.synaptiq.api.http.RequestBody;
import io.javalin.http.Context;
import java.util.Set;

/** The account's export settings, scheduled exports, their runs and the files of past runs (docs/exports.md). */
public record ScheduleHandlers(ScheduleService schedules, ExportSettingsStore settings, ExportStreams streams) {
    /** Query parameters of the run history (the OpenAPI document lists exactly these). */
    public static final Set<String> RUN_HISTORY_PARAMETERS = Set.of("limit");

    public void settings(Context ctx) {
        ctx.json(settings.get(Caller.of(ctx).accountId()).toJson());
    }

    public void putSettings(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.json(settings.update(caller.accountId(), caller.keyId(), RequestBody.json(ctx)).toJson());
    }

    public void create(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.status(201).json(schedules.toJson(schedules.create(caller, RequestBody.json(ctx))));
    }

    public void list(Context ctx) {
        ctx.json(new DataList<>(schedules.list(Caller.of(ctx).accountId()).stream().map(schedules::toJson).toList()));
    }

    public void get(Context ctx) {
        ctx.json(schedules.toJson(schedules.get(Caller.of(ctx).accountId(), PathId.of(ctx, "scheduleId"))));
    }

    public void update(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.json(schedules.toJson(schedules.update(caller, PathId.of(ctx, "scheduleId"), RequestBody.json(ctx))));
    }

    public void delete(Context ctx) {
        schedules.delete(Caller.of(ctx).accountId(), PathId.of(ctx, "scheduleId"));
        ctx.status(204);
    }

    public void pause(Context ctx) {
        ctx.json(schedules.toJson(schedules.pause(Caller.of(ctx).accountId(), PathId.of(ctx, "scheduleId"))));
    }

    public void resume(Context ctx) {
        ctx.json(schedules.toJson(schedules.resume(Caller.of(ctx).accountId(), PathId.of(ctx, "scheduleId"))));
    }

    /** Starts a run now; 202 with the run, which goes on in the background. */
    public void runNow(Context ctx) {
        ExportRun run = schedules.runNow(Caller.of(ctx).accountId(), PathId.of(ctx, "scheduleId"));
        ctx.status(202).json(run.toJson(schedules.now(), false));
    }

    public void runs(Context ctx) {
        Caller caller = Caller.of(ctx);
        int limit = RequestParams.ofQuery(ctx).requireOnly(RUN_HISTORY_PARAMETERS).integer("limit", 1, 100, 50);
        ctx.json(new DataList<>(schedules.history(caller.accountId(), PathId.of(ctx, "scheduleId"), limit).stream()
                .map(r -> r.toJson(schedules.now(), schedules.fileAvailable(r))).toList()));
    }

    public void run(Context ctx) {
        ExportRun r = schedules.run(Caller.of(ctx).accountId(), PathId.of(ctx, "scheduleId"), PathId.of(ctx, "runId"));
        ctx.json(r.toJson(schedules.now(), schedules.fileAvailable(r)));
    }

    /** A past run's file, streamed from storage; each download is in the audit log. */
    public void download(Context ctx) {
        Caller caller = Caller.of(ctx);
        ExportRun r = schedules.run(caller.accountId(), PathId.of(ctx, "scheduleId"), PathId.of(ctx, "runId"));
        try (ExportStreams.Slot slot = streams.open(caller.accountId())) {
            schedules.download(caller, r, () -> {
                ctx.contentType(r.contentType);
                ctx.header("Content-Disposition", "attachment; filename=\"" + r.fileName + "\"");
                return ctx.outputStream();
            });
        }
    }
}
