package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.exports.ExportsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs schedules on time. Each {@link #tick()} looks at every active schedule: if its latest due
 * time has no run yet (and is not older than the schedule's last activation), the run's id is
 * derived from schedule and due time, claimed ({@link RunClaims}) and carried out, so every API
 * instance agrees on it and only one carries it out. A run missed while no instance was up is
 * caught up once (the latest due time only). Retries that are due are claimed and carried out the
 * same way. All state is in ClickHouse, so a restarted instance carries on where it stopped.
 */
public final class ExportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportScheduler.class);
    /** A run still {@code running} after this was abandoned by a stopped instance: retried. */
    private static final Duration STALE = Duration.ofHours(2);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final ScheduleStore schedules;
    private final RunStore runs;
    private final RunClaims claims;
    private final RunExecutor executor;
    private final ExportSettingsStore settings;
    private final ExportFiles files;
    private final Clock clock;
    private final ExportsConfig config;
    private final ExecutorService manualRuns;
    private ScheduledExecutorService timer;
    /** When this instance last purged expired files; -1: not yet. */
    private long lastPurgeMs = -1;

    public ExportScheduler(ScheduleStore schedules, RunStore runs, RunClaims claims, RunExecutor executor, ExportSettingsStore settings,
            ExportFiles files, Clock clock, ExportsConfig config) {
        this.schedules = schedules;
        this.runs = runs;
        this.claims = claims;
        this.executor = executor;
        this.settings = settings;
        this.files = files;
        this.clock = clock;
        this.config = config;
        this.manualRuns = Executors.newSingleThreadExecutor(r -> daemon(r, "export-run-now"));
    }

    /** One pass: due runs, due retries, abandoned runs, expired files. Safe to call from several instances at once. */
    public synchronized void tick() {
        long now = clock.millis();
        Map<String, ZoneId> zones = new HashMap<>();
        for (Schedule s : schedules.active()) {
            try {
                runIfDue(s, zones.computeIfAbsent(s.accountId(), a -> settings.get(a).zone()));
            } catch (RuntimeException e) {
                LOG.warn("schedule {} of account {} could not be checked: {}", s.id(), s.accountId(), e.toString());
            }
        }
        for (ExportRun stale : runs.stale(now - STALE.toMillis())) {
            stale.status = "retrying";
            stale.nextAttemptMs = now;
            stale.error = "the instance running it stopped";
            runs.save(stale);
        }
        for (ExportRun r : runs.dueRetries(now)) {
            try {
                retry(r);
            } catch (RuntimeException e) {
                LOG.warn("retry of run {} failed: {}", r.runId, e.toString());
            }
        }
        if (lastPurgeMs < 0 || now - lastPurgeMs >= PURGE_EVERY.toMillis()) {
            files.purgeExpired(now);
            lastPurgeMs = now;
        }
    }

    private void runIfDue(Schedule s, ZoneId zone) {
        ZonedDateTime due = s.definition().timing().latestAtOrBefore(clock.instant(), zone);
        if (due.toInstant().toEpochMilli() < s.activeSinceMs()) {
            return;
        }
        String runId = runId(s, due);
        if (runs.exists(s.accountId(), s.id(), runId) || !claims.claim(s.accountId(), runId, 0)) {
            return;
        }
        ExportRun run = executor.newRun(s, runId, "scheduled", due);
        runs.save(run);
        executor.execute(s, run);
    }

    private void retry(ExportRun r) {
        if (!claims.claim(r.accountId, r.runId, r.retries + 1)) {
            return;
        }
        Optional<ExportRun> current = runs.get(r.accountId, r.scheduleId, r.runId);
        if (current.isEmpty() || !"retrying".equals(current.get().status) || current.get().retries != r.retries) {
            return;
        }
        Optional<Schedule> s = schedules.get(r.accountId, r.scheduleId);
        if (s.isEmpty()) {
            r.status = "failed";
            r.error = "the schedule was deleted";
            r.finishedMs = clock.millis();
            runs.save(r);
            return;
        }
        executor.retry(s.get(), current.get());
    }

    /** Starts a run of {@code s} now, outside its timing, on a background thread; returns it as saved. */
    public ExportRun runNow(Schedule s) {
        ZoneId zone = settings.get(s.accountId()).zone();
        ZonedDateTime now = clock.instant().atZone(zone);
        ExportRun run = executor.newRun(s, "run_" + s.id() + "_now_" + now.toInstant().toEpochMilli() + "_"
                + UUID.randomUUID().toString().substring(0, 4), "manual", now);
        runs.save(run);
        manualRuns.submit(() -> {
            try {
                executor.execute(s, run);
            } catch (RuntimeException e) {
                LOG.warn("run-now {} failed: {}", run.runId, e.toString());
            }
        });
        return run;
    }

    /** The id every instance gives the run of {@code s} due at {@code due}. */
    static String runId(Schedule s, ZonedDateTime due) {
        return "run_" + s.id() + "_" + due.toEpochSecond();
    }

    /** Ticks every {@code tickInterval} on a daemon thread until closed. */
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "export-scheduler"));
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("export scheduler tick failed: {}", e.toString());
            }
        }, config.tickInterval().toMillis(), config.tickInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        manualRuns.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
