package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.exports.ExportsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs schedules on time. Each {@link #tick()} looks at every active schedule: if its latest due
 * time has no run yet (and is not older than the schedule's last activation), the run's id is
 * derived from schedule and due time, claimed ({@link RunClaims}) and carried out, so every API
 * instance agrees on it and only one carries it out. A run missed while no instance was up is
 * caught up once (the latest due time only). Retries that are due are claimed and carried out the
 * same way. All state is in ClickHouse, so a restarted instance carries on where it stopped.
 *
 * <p>The tick only finds the work: claiming and carrying out each run (the file, then the
 * deliveries, each ended by its deadline) happens on a bounded pool of {@code runThreads}
 * threads, so a slow receiver of one account never holds back another account's run, nor the
 * next tick. Whatever one run throws, {@code Error}s included, is recorded on that run and the
 * scheduler carries on with the others.
 */
public final class ExportScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExportScheduler.class);
    /** A run still {@code running} after this was abandoned by a stopped instance: retried. */
    private static final Duration STALE = Duration.ofHours(2);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    /** Runs waiting for a thread beyond this are left to a later tick. */
    private static final int QUEUED_RUNS = 1000;

    private final ScheduleStore schedules;
    private final RunStore runs;
    private final RunClaims claims;
    private final RunExecutor executor;
    private final ExportSettingsStore settings;
    private final ExportFiles files;
    private final Clock clock;
    private final ExportsConfig config;
    private final ThreadPoolExecutor pool;
    /** Runs (by run id and attempt) this instance is claiming or carrying out: a later tick leaves them be. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
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
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.runThreads(), config.runThreads(), 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(QUEUED_RUNS), r -> daemon(r, "export-run-" + n.incrementAndGet()));
    }

    /**
     * One pass: due runs, due retries, abandoned runs, expired files. Safe to call from several
     * instances at once. Returns at once; the future completes when the runs it started have ended
     * (tests wait for it, the timer does not).
     */
    public synchronized CompletableFuture<Void> tick() {
        long now = clock.millis();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        Map<String, ZoneId> zones = new HashMap<>();
        for (Schedule s : schedules.active()) {
            try {
                runIfDue(s, zones.computeIfAbsent(s.accountId(), a -> settings.zone(a)), started);
            } catch (Throwable e) {
                LOG.warn("schedule {} of account {} could not be checked: {}", s.id(), s.accountId(), e.toString());
            }
        }
        for (ExportRun stale : runs.stale(now - STALE.toMillis())) {
            if (inFlight.contains(stale.runId + "/" + stale.retries)) {
                continue;
            }
            stale.status = "retrying";
            stale.nextAttemptMs = now;
            stale.error = "the instance running it stopped";
            runs.save(stale);
        }
        for (ExportRun r : runs.dueRetries(now)) {
            submit(r.runId + "/" + (r.retries + 1), () -> retry(r), started);
        }
        if (lastPurgeMs < 0 || now - lastPurgeMs >= PURGE_EVERY.toMillis()) {
            files.purgeExpired(now);
            lastPurgeMs = now;
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    private void runIfDue(Schedule s, ZoneId zone, List<CompletableFuture<Void>> started) {
        ZonedDateTime due = s.definition().timing().latestAtOrBefore(clock.instant(), zone);
        if (due.toInstant().toEpochMilli() < s.activeSinceMs()) {
            return;
        }
        String runId = runId(s, due);
        if (inFlight.contains(runId + "/0") || runs.exists(s.accountId(), s.id(), runId)) {
            return;
        }
        submit(runId + "/0", () -> {
            if (!claims.claim(s.accountId(), runId, 0)) {
                return;
            }
            ExportRun run = executor.newRun(s, runId, "scheduled", due);
            runs.save(run);
            carryOut(s, run, () -> executor.execute(s, run));
        }, started);
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
        carryOut(s.get(), current.get(), () -> executor.retry(s.get(), current.get()));
    }

    /** Runs {@code work} on {@code run}; anything it throws is recorded as a failed attempt of that run. */
    private void carryOut(Schedule s, ExportRun run, Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            LOG.error("run {} of account {} failed unexpectedly", run.runId, run.accountId, e);
            try {
                executor.failed(s, run, e);
            } catch (Throwable again) {
                LOG.error("run {} of account {} could not be recorded as failed: {}", run.runId, run.accountId, again.toString());
            }
        }
    }

    /** Hands {@code work} to the pool unless this instance already has it in hand; a full pool leaves it to a later tick. */
    private void submit(String key, Runnable work, List<CompletableFuture<Void>> started) {
        if (!inFlight.add(key)) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } catch (Throwable e) {
                    LOG.error("scheduled work {} failed unexpectedly", key, e);
                } finally {
                    inFlight.remove(key);
                    done.complete(null);
                }
            });
            started.add(done);
        } catch (RejectedExecutionException full) {
            inFlight.remove(key);
            LOG.warn("{} runs are waiting for a thread; {} is left to a later tick", QUEUED_RUNS, key);
        }
    }

    /** Starts a run of {@code s} now, outside its timing, on the run threads; returns it as saved. */
    public ExportRun runNow(Schedule s) {
        ZoneId zone = settings.zone(s.accountId());
        ZonedDateTime now = clock.instant().atZone(zone);
        ExportRun run = executor.newRun(s, "run_" + s.id() + "_now_" + now.toInstant().toEpochMilli() + "_"
                + UUID.randomUUID().toString().substring(0, 4), "manual", now);
        runs.save(run);
        submit(run.runId + "/0", () -> carryOut(s, run, () -> executor.execute(s, run)), new ArrayList<>());
        return run;
    }

    /** The id every instance gives the run of {@code s} due at {@code due}. */
    static String runId(Schedule s, ZonedDateTime due) {
        return "run_" + s.id() + "_" + due.toEpochSecond();
    }

    /** Ticks every {@code tickInterval} on a daemon thread until closed; no failure of a tick stops the next. */
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "export-scheduler"));
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (Throwable e) {
                LOG.warn("export scheduler tick failed: {}", e.toString());
            }
        }, config.tickInterval().toMillis(), config.tickInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        pool.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
