package ai.synaptiq.api.data;

import ai.synaptiq.api.errors.UnavailableException;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * the last read is used and, past half of it, renewed in the background, so polling dashboards
 * get cached answers without a ClickHouse round trip; past the window the caller waits for a read
 * that began after it arrived. Reads are shared: ClickHouse sees at most one at a time however
 * many requests come in. A freshness of 0 makes every request wait for its own (shared) read.
 */
public final class DataStateMonitor implements AutoCloseable {
    private static final String SQL = "SELECT concat(database, '.', table) AS name,"
            + " concat(toString(max(max_block_number)), '.', toString(max(data_version)), '.', toString(count()), '.', toString(sum(rows))) AS version,"
            + " (SELECT count() FROM " + Tables.PIPELINE_PROGRESS + " FINAL) AS subtasks,"
            + " (SELECT min(watermark_ms) FROM " + Tables.PIPELINE_PROGRESS + " FINAL) AS watermark_ms"
            + " FROM system.parts WHERE database = " + Sql.quote(Migrations.DATABASE) + " AND active GROUP BY database, table";

    private final ClickHouseClient clickHouse;
    private final long freshnessNanos;
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

    public DataStateMonitor(ClickHouseClient clickHouse, Duration freshness, Duration maxWait) {
        this.clickHouse = clickHouse;
        this.freshnessNanos = freshness.toNanos();
        this.maxWait = maxWait;
    }

    /** A state read at most the freshness window before this call; {@link UnavailableException} when ClickHouse cannot answer. */
    public DataState current() {
        Read last = latest;
        long age = last == null ? Long.MAX_VALUE : System.nanoTime() - last.startedNanos();
        if (age <= freshnessNanos) {
            if (age > freshnessNanos / 2) {
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
        Map<String, String> versions = new HashMap<>();
        Optional<Instant> complete = Optional.empty();
        for (JsonNode row : rows) {
            versions.put(row.get("name").asText(), row.get("version").asText());
            if (row.get("subtasks").asLong() > 0) {
                complete = Optional.of(Instant.ofEpochMilli(row.get("watermark_ms").asLong()));
            }
        }
        return new DataState(complete, Map.copyOf(versions));
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
