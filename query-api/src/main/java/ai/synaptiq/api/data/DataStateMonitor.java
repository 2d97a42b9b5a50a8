package ai.synaptiq.api.data;

import ai.synaptiq.api.errors.UnavailableException;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers {@link #current()} with a {@link DataState} read at most {@code freshness} before the
 * call, so an answer never misses data (or a key revocation) older than that. Within the window
 * the last read is used and, once it is older than {@code refresh}, renewed in the background, so
 * polling dashboards get cached answers without a ClickHouse round trip and normally see new data
 * within {@code refresh} plus one read; only past the window does the caller wait, for a read that
 * began after it arrived (ClickHouse slower than the window, or no request for that long). Reads
 * are shared: ClickHouse sees at most one at a time however many requests come in. A freshness of
 * 0 makes every request wait for its own (shared) read. {@code dataCompleteUntil} is never later
 * than the clock's now.
 */
public final class DataStateMonitor implements AutoCloseable {
    private static final String PROGRESS = "pipeline progress";
    /**
     * One row per table: the highest block number of its active parts (every insert takes a new
     * one), its partition count (a dropped partition) and its finished mutations (erasure), none
     * of which background merges change; and one row with the pipeline's progress.
     */
    private static final String SQL = "SELECT concat(database, '.', table) AS name,"
            + " concat('b', toString(max(max_block_number)), '.p', toString(uniqExact(partition_id))) AS version"
            + " FROM system.parts WHERE database = " + Sql.quote(Migrations.DATABASE) + " AND active GROUP BY database, table"
            + " UNION ALL SELECT concat(database, '.', table) AS name, concat('m', toString(countIf(is_done))) AS version"
            + " FROM system.mutations WHERE database = " + Sql.quote(Migrations.DATABASE) + " GROUP BY database, table"
            + " UNION ALL SELECT " + Sql.quote(PROGRESS) + " AS name, concat(toString(count()), '.', toString(min(watermark_ms))) AS version"
            + " FROM " + Tables.PIPELINE_PROGRESS + " FINAL";

    private final ClickHouseClient clickHouse;
    private final Clock clock;
    private final long freshnessNanos;
    private final long refreshNanos;
    private final Duration maxWait;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "data-state-reader");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<DataState> running;
    private CompletableFuture<DataState> next;
    private volatile Read latest;

    /** A state and when the read that produced it began. */
    private record Read(DataState state, long startedNanos) {
    }

    /** {@code refresh} is capped at half of {@code freshness}, so a renewal has time to finish before requests must wait. */
    public DataStateMonitor(ClickHouseClient clickHouse, Clock clock, Duration freshness, Duration refresh, Duration maxWait) {
        this.clickHouse = clickHouse;
        this.clock = clock;
        this.freshnessNanos = freshness.toNanos();
        this.refreshNanos = Math.min(refresh.toNanos(), freshnessNanos / 2);
        this.maxWait = maxWait;
    }

    /** A state read at most the freshness window before this call; {@link UnavailableException} when ClickHouse cannot answer. */
    public DataState current() {
        Read last = latest;
        long age = last == null ? Long.MAX_VALUE : System.nanoTime() - last.startedNanos();
        if (age <= freshnessNanos) {
            if (age > refreshNanos) {
                synchronized (this) {
                    startReadIfIdle();
                }
            }
            return last.state();
        }
        CompletableFuture<DataState> mine;
        synchronized (this) {
            if (!startReadIfIdle()) {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
            }
            mine = next != null ? next : running;
        }
        try {
            return mine.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ClickHouseException ch ? ch : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new UnavailableException("ClickHouse did not answer within " + maxWait.toMillis() + " ms; retry later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while reading the data state");
        }
    }

    /** Starts a read unless one is running; true when this call started it. Caller holds the lock. */
    private boolean startReadIfIdle() {
        if (running != null) {
            return false;
        }
        running = new CompletableFuture<>();
        reader.execute(this::readWhileAsked);
        return true;
    }

    private void readWhileAsked() {
        while (true) {
            CompletableFuture<DataState> target;
            synchronized (this) {
                target = running;
            }
            try {
                long started = System.nanoTime();
                DataState state = read();
                latest = new Read(state, started);
                target.complete(state);
            } catch (RuntimeException e) {
                target.completeExceptionally(e);
            }
            synchronized (this) {
                running = next;
                next = null;
                if (running == null) {
                    return;
                }
            }
        }
    }

    private DataState read() {
        JsonNode rows;
        try {
            rows = clickHouse.queryRows(SQL);
        } catch (ClickHouseException e) {
            if (e.status() != 0) {
                throw e;
            }
            // A connection pooled before ClickHouse restarted fails once; a fresh one tells the truth.
            rows = clickHouse.queryRows(SQL);
        }
        Map<String, String> versions = new TreeMap<>();
        Optional<Instant> complete = Optional.empty();
        for (JsonNode row : rows) {
            String name = row.get("name").asText();
            String version = row.get("version").asText();
            if (name.equals(PROGRESS)) {
                String[] countAndMin = version.split("\\.");
                // Never ahead of now: events may be dated up to the pipeline's --max-future ahead, and
                // a row written by an older job (or under another clock) may be further still.
                complete = Long.parseLong(countAndMin[0]) == 0 ? Optional.empty()
                        : Optional.of(Instant.ofEpochMilli(Math.min(Long.parseLong(countAndMin[1]), clock.millis())));
            } else {
                versions.merge(name, version, (a, b) -> a.compareTo(b) < 0 ? a + "." + b : b + "." + a);
            }
        }
        return new DataState(complete, Map.copyOf(versions));
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
