package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.analytics.DateRange;
import ai.synaptiq.api.exports.ChangeWindow;
import ai.synaptiq.api.exports.ExportOrigin;
import ai.synaptiq.api.exports.ExportRunner;
import ai.synaptiq.api.exports.ExportsConfig;
import ai.synaptiq.api.exports.PreparedExport;
import ai.synaptiq.api.exports.delivery.Deliveries;
import ai.synaptiq.api.exports.delivery.DeliveryContext;
import ai.synaptiq.api.exports.delivery.DeliveryException;
import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.exports.delivery.StoredFile;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.Notifications;
import ai.synaptiq.api.exports.integrations.AlertChannelStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a run: generates the file into storage (audited like any export, as the schedule's
 * creator), delivers it to every destination, and on failure schedules the next of 3 retries
 * (only the destinations that failed are tried again); after the last one it notifies the
 * dashboard and every alert channel of the account (email and webhooks). The file stays downloadable either way.
 */
public record RunExecutor(ExportRunner runner, RunStore runs, ExportFiles files, Deliveries deliveries, ExportSettingsStore settings,
            AlertChannelStore alerts, Notifications notifications, Clock clock, ExportsConfig config) {
    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new run of {@code s} due at {@code due}, with one pending delivery per destination (not saved yet). */
    ExportRun newRun(Schedule s, String runId, String trigger, ZonedDateTime due) {
        ExportRun r = new ExportRun();
        r.accountId = s.accountId();
        r.scheduleId = s.id();
        r.runId = runId;
        r.trigger = trigger;
        r.keyId = s.createdBy();
        r.scheduledForMs = due.toInstant().toEpochMilli();
        r.startedMs = clock.millis();
        DateRange period = s.definition().period(due.toLocalDate());
        if (period != null) {
            r.periodStart = period.startDate().toString();
            r.periodEnd = period.endDate().toString();
        }
        for (int i = 0; i < s.definition().destinations().size(); i++) {
            Destination d = s.definition().destinations().get(i);
            ExportRun.Delivery x = new ExportRun.Delivery();
            x.destination = i;
            x.type = d.type();
            x.target = d.target();
            r.deliveries.add(x);
        }
        return r;
    }

    /** The first attempt of a claimed and saved run. */
    void execute(Schedule s, ExportRun r) {
        generate(s, r);
        deliverPending(s, r);
    }

    /** One retry: the file again if it could not be made, then the destinations not yet served. */
    void retry(Schedule s, ExportRun r) {
        r.retries++;
        if (!r.hasFile()) {
            generate(s, r);
        }
        deliverPending(s, r);
    }

    private void generate(Schedule s, ExportRun r) {
        ZoneId zone = settings.zone(s.accountId());
        ZonedDateTime due = Instant.ofEpochMilli(r.scheduledForMs).atZone(zone);
        try {
            PreparedExport export = runner.prepare(s.accountId(), s.definition().dataType(), s.definition().paramsFor(due.toLocalDate(), zone),
                    changes(s, r));
            long now = clock.millis();
            ExportFiles.Writer out = files.create(s.accountId(), r.runId, now, now + config.fileRetention().toMillis());
            r.recordCount = runner.run(s.createdBy(), export, out, ExportOrigin.scheduled(s.id(), r.runId));
            out.close();
            r.fileName = s.definition().keyLayout() == ScheduleDefinition.KeyLayout.DATE_PARTITIONED
                    ? s.definition().dataType().wireName() + "-" + r.runId + "." + export.format().wireName() : export.fileName();
            r.contentType = export.format().contentType();
            r.fileSize = out.size();
            r.expiresMs = now + config.fileRetention().toMillis();
            r.error = "";
        } catch (Throwable e) {
            // Any Throwable, OutOfMemoryError included: one account's run must not end the scheduler's thread.
            LOG.warn("scheduled export {} of account {} could not be generated: {}", r.runId, s.accountId(), e.toString());
            r.error = "the file could not be generated: " + describe(e);
        }
    }

    /**
     * The change window of an incremental run (null for others), fixed at its first attempt: from the
     * end of the last delivered run's window to ClickHouse's clock minus the lag (docs/exports.md,
     * "Incremental schedules"). A retry that makes the file again takes the same window.
     */
    private ChangeWindow changes(Schedule s, ExportRun r) {
        if (!s.definition().incremental()) {
            return null;
        }
        if (r.changesUntil == 0) {
            r.changesAfter = runs.changesDelivered(s.accountId(), s.id());
            r.changesUntil = Math.max(r.changesAfter, runs.changesUntil(config.incrementalLag()));
        }
        return new ChangeWindow(r.changesAfter, r.changesUntil);
    }

    /** The folder of the run's file under an object store prefix: {@code dt=<date the run was due, in the account's zone>/}, or none. */
    private String keyFolder(Schedule s, ExportRun r) {
        if (s.definition().keyLayout() != ScheduleDefinition.KeyLayout.DATE_PARTITIONED) {
            return "";
        }
        return "dt=" + Instant.ofEpochMilli(r.scheduledForMs).atZone(settings.zone(s.accountId())).toLocalDate() + "/";
    }

    private void deliverPending(Schedule s, ExportRun r) {
        if (r.hasFile()) {
            StoredFile file = new StoredFile(r.fileName, r.contentType, r.fileSize, () -> files.open(r.accountId, r.runId));
            DeliveryContext context = new DeliveryContext(r.accountId, r.scheduleId, s.definition().name(), r.runId, period(r),
                    keyFolder(s, r));
            for (ExportRun.Delivery d : r.deliveries) {
                if ("delivered".equals(d.status)) {
                    continue;
                }
                d.attempts++;
                try {
                    deliveries.deliver(s.definition().destinations().get(d.destination), d.destination, file, context);
                    d.status = "delivered";
                    d.error = "";
                    d.deliveredMs = clock.millis();
                } catch (DeliveryException e) {
                    d.status = "failed";
                    d.error = e.getMessage();
                    LOG.warn("delivery of {} to {} failed: {}", r.runId, d.target, d.error);
                } catch (Throwable e) {
                    d.status = "failed";
                    d.error = "the delivery failed unexpectedly: " + describe(e);
                    LOG.warn("delivery of {} to {} failed unexpectedly", r.runId, d.target, e);
                }
            }
        }
        finish(s, r);
    }

    /** A run that threw anything (caught by the scheduler): recorded as a failed attempt, retried like any. */
    void failed(Schedule s, ExportRun r, Throwable t) {
        r.error = "the run failed unexpectedly: " + describe(t);
        finish(s, r);
    }

    /** Saves the run delivered, retrying or failed; after the last retry, notifies. */
    private void finish(Schedule s, ExportRun r) {
        boolean done = r.hasFile() && r.deliveries.stream().allMatch(d -> "delivered".equals(d.status));
        if (done) {
            r.status = "delivered";
            r.finishedMs = clock.millis();
        } else if (r.retries < config.retryDelays().size()) {
            r.status = "retrying";
            r.nextAttemptMs = clock.millis() + config.retryDelays().get(r.retries).toMillis();
        } else {
            r.status = "failed";
            r.finishedMs = clock.millis();
        }
        runs.save(r);
        if ("failed".equals(r.status)) {
            giveUp(s, r);
        }
    }

    /** After the last retry: a dashboard notification, and an alert on each of the account's alert channels. */
    private void giveUp(Schedule s, ExportRun r) {
        String what = s.definition().name().isEmpty() ? "Scheduled export " + s.id() : "Scheduled export \"" + s.definition().name() + "\"";
        List<String> failed = new ArrayList<>();
        ArrayNode failures = JSON.createArrayNode();
        for (ExportRun.Delivery d : r.deliveries) {
            if (!"delivered".equals(d.status)) {
                failed.add(d.target + ": " + d.error);
                failures.addObject().put("type", d.type).put("target", d.target).put("error", d.error);
            }
        }
        String reason = r.hasFile() ? String.join("; ", failed) : r.error;
        notifications.add(r.accountId, "export_delivery_failed", what + " could not be delivered",
                what + " (run " + r.runId + ") failed after " + r.retries + " retries: " + reason
                        + (r.hasFile() ? ". The file can be downloaded from the export history until " + Values.instant(r.expiresMs) + "." : ""),
                r.runId, s.createdBy());
        ObjectNode alert = JSON.createObjectNode();
        alert.put("event", "export.delivery_failed").put("accountId", r.accountId).put("scheduleId", s.id())
                .put("scheduleName", s.definition().name()).put("runId", r.runId).put("retries", r.retries).put("error", reason)
                .put("occurredAt", Values.instant(clock.millis()));
        alert.set("failedDestinations", failures);
        String download = r.hasFile() ? "/v1/exports/schedules/" + s.id() + "/runs/" + r.runId + "/file" : null;
        alert.put("download", download);
        String text = what + " (schedule " + s.id() + ", run " + r.runId + ") could not be delivered after " + r.retries + " retries.\n\n"
                + (r.hasFile() ? "Failed destinations:\n" + String.join("\n", failed) + "\n\nThe file can be downloaded until "
                        + Values.instant(r.expiresMs) + " from " + download : "The file could not be generated: " + r.error) + "\n";
        deliveries.alert(r.accountId, alerts.get(r.accountId), "msg_alert_" + r.runId, "Synaptiq: " + what + " could not be delivered", text,
                alert.toString());
    }

    /** A failure as the run history says it: the message, or the kind of error when it has none. */
    static String describe(Throwable t) {
        String m = t.getMessage();
        return t instanceof Error || m == null ? t.getClass().getSimpleName() + (m == null ? "" : ": " + m) : m;
    }

    private static String period(ExportRun r) {
        return r.periodStart.isEmpty() ? "all time" : r.periodStart + " to " + r.periodEnd;
    }
}
