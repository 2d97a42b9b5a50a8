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
 * Answers {@link #current()} with a {@link DataState} read after the call began, so a response
 * never predates data that was in ClickHouse when its request arrived. Concurrent callers share
 * reads: while one read runs, every new caller waits for the single next one, so ClickHouse sees at
 * most one such query at a time however many requests come in.
 */
public final class DataStateMonitor implements AutoCloseable {
    private static final String SQL = "SELECT concat(database, '.', table) AS name,"
            + " concat(toString(max(max_block_number)), '.', toString(max(data_version)), '.', toString(count()), '.', toString(sum(rows))) AS version,"
            + " (SELECT count() FROM " + Tables.PIPELINE_PROGRESS + " FINAL) AS subtasks,"
            + " (SELECT min(watermark_ms) FROM " + Tables.PIPELINE_PROGRESS + " FINAL) AS watermark_ms"
            + " FROM system.parts WHERE database = " + Sql.quote(Migrations.DATABASE) + " AND active GROUP BY database, table";

    private final ClickHouseClient clickHouse;
    private final Duration maxWait;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "data-state-reader");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<DataState> running;
    private CompletableFuture<DataState> next;

    public DataStateMonitor(ClickHouseClient clickHouse, Duration maxWait) {
        this.clickHouse = clickHouse;
        this.maxWait = maxWait;
    }

    /** A state read after this call began; {@link UnavailableException} when ClickHouse cannot answer. */
    public DataState current() {
        CompletableFuture<DataState> mine;
        synchronized (this) {
            if (running == null) {
                running = new CompletableFuture<>();
                mine = running;
                reader.execute(this::readWhileAsked);
            } else {
                if (next == null) {
                    next = new CompletableFuture<>();
                }
                mine = next;
            }
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

    private void readWhileAsked() {
        while (true) {
            CompletableFuture<DataState> target;
            synchronized (this) {
                target = running;
            }
            try {
                target.complete(read());
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
