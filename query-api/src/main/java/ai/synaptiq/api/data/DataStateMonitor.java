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
 * the last read is used and, once it is older than {@code refresh}, renewed in the background, so
 * polling dashboards get cached answers without a ClickHouse round trip and normally see new data
 * within {@code refresh} plus one read; only past the window does the caller wait, for a read that
 * began after it arrived (ClickHouse slower than the window, or no request for that long). Reads
 * are shared: ClickHouse sees at most one at a time however many requests come in. A freshness of
 * 0 makes every request wait for its own (shared) read. {@code dataCompleteUntil} is never later
 * than the clock's now.
 */
public final class DataStateMonitor implements AutoCloseable {
    /**
     * Rows of four kinds: per table, the highest block number of its active parts (every insert
     * takes a new one) and its partition count (a dropped partition); per table, its finished
     * mutations (erasure); per account, the newest version the pipeline gave its data; and one row
     * with the pipeline's progress. Background merges change none of them.
     */
    private static final String SQL = "SELECT 'blocks' AS kind, concat(database, '.', table) AS name,"
            + " toString(max(max_block_number)) AS version, toString(uniqExact(partition_id)) AS layout"
            + " FROM system.parts WHERE database = " + Sql.quote(Migrations.DATABASE) + " AND active GROUP BY database, table"
            + " UNION ALL SELECT 'mutations' AS kind, concat(database, '.', table) AS name, '' AS version, toString(countIf(is_done)) AS layout"
            + " FROM system.mutations WHERE database = " + Sql.quote(Migrations.DATABASE) + " GROUP BY database, table"
            + " UNION ALL SELECT 'account' AS kind, account_id AS name, toString(max(version)) AS version, '' AS layout"
            + " FROM " + Tables.ACCOUNT_VERSIONS + " GROUP BY account_id"
            + " UNION ALL SELECT 'progress' AS kind, '' AS name, toString(count()) AS version, toString(min(watermark_ms)) AS layout"
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
    private volatile CompletableFuture<DataState> running;
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
            // The common case (a renewal already runs) takes no lock: see ResponseCache on locks here.
            if (age > refreshNanos && running == null) {
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
        Map<String, String> blocks = new HashMap<>();
        Map<String, String> layout = new HashMap<>();
        Map<String, String> accounts = new HashMap<>();
        Optional<Instant> complete = Optional.empty();
        for (JsonNode row : rows) {
            String name = row.get("name").asText();
            String version = row.get("version").asText();
            switch (row.get("kind").asText()) {
                case "blocks" -> {
                    blocks.put(name, "b" + version);
                    layout.merge(name, "p" + row.get("layout").asText(), (a, b) -> a.startsWith("p") ? a + "." + b : b + "." + a);
                }
                case "mutations" -> layout.merge(name, "m" + row.get("layout").asText(), (a, b) -> a.startsWith("p") ? a + "." + b : b + "." + a);
                case "account" -> accounts.put(name, version);
                // Never ahead of now: events may be dated up to the pipeline's --max-future ahead, and
                // a row written by an older job (or under another clock) may be further still.
                default -> complete = Long.parseLong(version) == 0 ? Optional.empty()
                        : Optional.of(Instant.ofEpochMilli(Math.min(Long.parseLong(row.get("layout").asText()), clock.millis())));
            }
        }
        return new DataState(complete, Map.copyOf(blocks), Map.copyOf(layout), Map.copyOf(accounts));
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
