package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.api.exports.ExportRunner;
import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.exports.delivery.DestinationPolicy;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.AuditLog;
import ai.synaptiq.api.exports.integrations.IntegrationStore;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.keys.ApiKeyStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Managing scheduled exports (exporting-data.md, "Managing Schedules"): create, edit, pause,
 * resume, delete, run now, history and download of past files. A schedule's filters are checked
 * by preparing the export they describe, so a schedule that saves is one that can run.
 */
public record ScheduleService(ScheduleStore schedules, RunStore runs, ExportFiles files, ExportScheduler scheduler, ExportRunner exports,
            ExportSettingsStore settings, AuditLog audit, Clock clock, DestinationPolicy policy, SecretsKey secrets, IntegrationStore integrations,
            ApiKeyStore keys) {
    public Schedule create(Caller caller, JsonNode body) {
        ScheduleDefinition d = validated(caller.accountId(), body);
        long now = clock.millis();
        Schedule s = new Schedule("sch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), caller.accountId(), d, "active",
                now, now, caller.keyId(), now, 1);
        schedules.save(s);
        return s;
    }

    /** Replaces the definition; the schedule runs from its next due time on (nothing missed is caught up). */
    public Schedule update(Caller caller, String id, JsonNode body) {
        Schedule s = get(caller.accountId(), id);
        ScheduleDefinition d = validated(caller.accountId(), body);
        long now = clock.millis();
        Schedule updated = s.with(d, s.status(), now, now);
        schedules.save(updated);
        return updated;
    }

    public Schedule pause(String accountId, String id) {
        Schedule s = get(accountId, id);
        long now = clock.millis();
        Schedule paused = s.with(s.definition(), "paused", s.activeSinceMs(), now);
        schedules.save(paused);
        return paused;
    }

    /** Active again from now: runs due while it was paused are not caught up. */
    public Schedule resume(String accountId, String id) {
        Schedule s = get(accountId, id);
        long now = clock.millis();
        Schedule resumed = s.with(s.definition(), "active", s.active() ? s.activeSinceMs() : now, now);
        schedules.save(resumed);
        return resumed;
    }

    public void delete(String accountId, String id) {
        Schedule s = get(accountId, id);
        schedules.save(s.with(s.definition(), "deleted", s.activeSinceMs(), clock.millis()));
    }

    public List<Schedule> list(String accountId) {
        return schedules.list(accountId);
    }

    public Schedule get(String accountId, String id) {
        return schedules.get(accountId, id).orElseThrow(() -> new NotFoundException("no schedule " + id));
    }

    public ExportRun runNow(String accountId, String id) {
        Schedule s = get(accountId, id);
        return withKey(s, List.of(scheduler.runNow(s))).get(0);
    }

    public List<ExportRun> history(String accountId, String id, int limit) {
        return withKey(get(accountId, id), runs.list(accountId, id, limit));
    }

    public ExportRun run(String accountId, String id, String runId) {
        Schedule s = get(accountId, id);
        return withKey(s, List.of(runs.get(accountId, id, runId).orElseThrow(() -> new NotFoundException("no run " + runId + " of schedule " + id))))
                .get(0);
    }

    /** The runs, each naming the key it exports as (the schedule's creator) and the key's owner. */
    private List<ExportRun> withKey(Schedule s, List<ExportRun> list) {
        String owner = keys.owners(s.accountId(), List.of(s.createdBy())).get(s.createdBy());
        for (ExportRun r : list) {
            r.keyId = s.createdBy();
            r.keyOwner = owner;
        }
        return list;
    }

    /**
     * Streams a past run's file while it is kept (30 days; 404 once expired or purged) to the stream
     * {@code out} opens (called only once the file is known to be there), and audits the download.
     */
    public void download(Caller caller, ExportRun r, Supplier<OutputStream> out) {
        if (!fileAvailable(r)) {
            throw new NotFoundException("the file of run " + r.runId + " is no longer kept (files are kept 30 days)");
        }
        Schedule s = get(caller.accountId(), r.scheduleId);
        Map<String, Object> filters = new LinkedHashMap<>(s.definition().filters().asMap());
        filters.put("runId", r.runId);
        String status = "completed";
        String detail = "";
        try (InputStream in = files.open(r.accountId, r.runId)) {
            in.transferTo(out.get());
        } catch (IOException | RuntimeException e) {
            status = "failed";
            detail = String.valueOf(e.getMessage());
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        } finally {
            audit.record(caller.accountId(), AuditLog.Entry.export(clock.millis(), caller.keyId(), "download", s.definition().dataType().wireName(),
                    s.definition().format().wireName(), filters, "completed".equals(status) ? r.recordCount : 0, status, s.id(), r.runId, detail));
        }
    }

    public boolean fileAvailable(ExportRun r) {
        return r.hasFile() && r.expiresMs > clock.millis() && files.exists(r.accountId, r.runId);
    }

    public long now() {
        return clock.millis();
    }

    public Map<String, Object> toJson(Schedule s) {
        ScheduleDefinition d = s.definition();
        ZoneId zone = settings.zone(s.accountId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("name", d.name());
        m.put("dataType", d.dataType().wireName());
        m.put("format", d.format().wireName());
        m.put("filters", d.filters().asMap());
        m.put("frequency", d.timing().frequency().wireName());
        m.put("dayOfWeek", d.timing().dayOfWeek() == null ? null : d.timing().dayOfWeek().name().toLowerCase());
        m.put("dayOfMonth", d.timing().dayOfMonth() == 0 ? null : d.timing().dayOfMonth());
        m.put("time", d.timeText());
        m.put("timezone", zone.getId());
        m.put("dateRangeMode", d.mode().wireName());
        m.put("mode", d.rows().wireName());
        m.put("keyLayout", d.keyLayout().wireName());
        m.put("destinations", d.destinations().stream().map(x -> x.shown()).toList());
        m.put("status", s.status());
        m.put("createdAt", Values.instant(s.createdMs()));
        m.put("createdBy", s.createdBy());
        m.put("updatedAt", Values.instant(s.updatedMs()));
        m.put("nextRunAt", s.active() ? Values.instant(d.timing().nextAfter(clock.instant(), zone).toInstant().toEpochMilli()) : null);
        return m;
    }

    /**
     * The definition, with its filters checked by preparing the export a run today would make, its
     * destinations by the destination policy (400 naming the field), the integrations it names by
     * the account's stored ones (400 when it has none of that name and kind), and its secrets sealed.
     */
    private ScheduleDefinition validated(String accountId, JsonNode body) {
        ScheduleDefinition d = ScheduleDefinition.of(body);
        List<Destination> destinations = d.destinations();
        for (int i = 0; i < destinations.size(); i++) {
            destinations.get(i).checkWith(policy, "destinations[" + i + "]");
            if (destinations.get(i) instanceof Destination.Linked l && !integrations.get(accountId, l.integration())
                    .filter(found -> found.destination().type().equals(l.type())).isPresent()) {
                throw new InvalidRequestException("'destinations[" + i + "].integration': the account has no " + l.type() + " integration named "
                        + l.integration() + " (PUT /v1/exports/integrations/" + l.integration() + " stores one)");
            }
        }
        ZoneId zone = settings.zone(accountId);
        exports.prepare(accountId, d.dataType(), d.paramsFor(LocalDate.now(clock.withZone(zone)), zone));
        return d.withDestinations(destinations.stream().map(x -> x.sealedWith(secrets)).toList());
    }
}
