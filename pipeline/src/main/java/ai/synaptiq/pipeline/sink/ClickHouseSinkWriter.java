package ai.synaptiq.pipeline.sink;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers rows per table and inserts them; retries with backoff, then fails the job rather than
 * drop a batch. Inserts run on a thread of their own, one batch at a time, while the next batch
 * fills: the job does not stand still while ClickHouse parses a batch. When the next batch is full
 * before the running insert is done, it keeps growing (up to {@link #MAX_BATCH_FACTOR} times the
 * batch size), so a ClickHouse that falls behind gets fewer, larger inserts, which cost it less
 * per row. {@link #flush} (every checkpoint, end of input) waits until everything is inserted.
 * A table's rows that span more than {@link #MAX_PARTITIONS_PER_INSERT} partitions (a fresh
 * account's history of many months) go in several inserts.
 *
 * <p>After the tables of a batch, one {@code account_versions} row per account the batch held rows
 * of is inserted, with a version above any this writer gave before: the API caches an account's
 * answers until that version moves, and since it is written after the rows, an answer computed
 * once the version is seen includes them. An account is written by one subtask (keyed upstream).
 */
class ClickHouseSinkWriter implements SinkWriter<TableRow> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    static final int MAX_BATCH_FACTOR = 4;
    /**
     * Partitions one insert may touch: current ClickHouse refuses an insert into more than
     * {@code max_partitions_per_insert_block} (default 100), and a refused batch would fail the job
     * on every restart. Kept below the default to leave room.
     */
    static final int MAX_PARTITIONS_PER_INSERT = 90;
    /** How soon the flush timer looks again when it finds an insert still running. */
    private static final long RECHECK_MS = 10;
    private final ClickHouseClient client;
    private final int batchSize;
    private final long flushIntervalMs;
    private final long maxRetryMs;
    private final ProcessingTimeService time;
    private final ExecutorService inserts;
    /** The batch being filled, and the other one (being inserted, or empty). */
    private Map<String, TableInserts> filling = new LinkedHashMap<>();
    private Map<String, TableInserts> other = new LinkedHashMap<>();
    /** The accounts whose rows are in the batch being filled, and in the other one. */
    private Set<String> fillingAccounts = new HashSet<>();
    private Set<String> otherAccounts = new HashSet<>();
    /** The account most recently added to fillingAccounts: rows of one account come in runs, so most rows skip the set. */
    private String lastAccount;
    /** The last account version given (insert thread only). */
    private long lastVersion;
    private Future<?> inFlight;
    private int buffered;
    private boolean flushScheduled;

    ClickHouseSinkWriter(ClickHouseClient client, int batchSize, long flushIntervalMs, long maxRetryMs, ProcessingTimeService time) {
        this.client = client;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.maxRetryMs = maxRetryMs;
        this.time = time;
        this.inserts = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clickhouse-insert");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(TableRow row, Context context) throws IOException, InterruptedException {
        filling.computeIfAbsent(row.table, t -> new TableInserts()).append(row);
        if (row.account != null && !row.account.equals(lastAccount)) {
            fillingAccounts.add(row.account);
            lastAccount = row.account;
        }
        buffered++;
        if (buffered >= batchSize && (!inserting() || buffered >= batchSize * MAX_BATCH_FACTOR)) {
            submit();
        } else if (!flushScheduled) {
            scheduleFlush(flushIntervalMs);
        }
    }

    private void scheduleFlush(long delayMs) {
        flushScheduled = true;
        time.registerTimer(time.getCurrentProcessingTime() + delayMs, ts -> {
            flushScheduled = false;
            if (buffered == 0) {
                return;
            }
            if (inserting()) {
                scheduleFlush(RECHECK_MS);
            } else {
                submit();
            }
        });
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        if (buffered > 0) {
            submit();
        }
        awaitInsert();
    }

    private boolean inserting() {
        return inFlight != null && !inFlight.isDone();
    }

    /** Hands the filled batch to the insert thread (after the previous insert is done). */
    private void submit() throws IOException, InterruptedException {
        awaitInsert();
        Map<String, TableInserts> batch = filling;
        filling = other;
        other = batch;
        Set<String> accounts = fillingAccounts;
        fillingAccounts = otherAccounts;
        otherAccounts = accounts;
        lastAccount = null;
        buffered = 0;
        inFlight = inserts.submit(() -> {
            for (Map.Entry<String, TableInserts> t : batch.entrySet()) {
                for (Buffer buf : t.getValue().inserts) {
                    if (buf.size > 0) {
                        insertWithRetry(t.getKey(), buf);
                    }
                }
                t.getValue().clear();
            }
            if (!accounts.isEmpty()) {
                insertWithRetry(Tables.ACCOUNT_VERSIONS, versionsOf(accounts));
                accounts.clear();
            }
            return null;
        });
    }

    /** Waits for the running insert; its failure (retries exhausted) fails the job here. */
    private void awaitInsert() throws IOException, InterruptedException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("ClickHouse insert failed: " + cause, cause);
        } finally {
            inFlight = null;
        }
    }

    /**
     * One row per account with the next version: the wall clock in milliseconds, or one above the
     * last version when the clock has not moved on, so versions grow across batches and restarts.
     */
    private Buffer versionsOf(Set<String> accounts) {
        lastVersion = Math.max(System.currentTimeMillis(), lastVersion + 1);
        Buffer rows = new Buffer();
        for (String account : accounts) {
            rows.appendLine(Rows.accountVersion(account, lastVersion).line, 0);
        }
        return rows;
    }

    private void insertWithRetry(String table, Buffer rows) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        long backoff = 100;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                client.insertTabSeparated(table, Rows.columns(table), rows.bytes, 0, rows.size);
                if (attempt > 1) {
                    LOG.info("insert into {} succeeded after {} attempts", table, attempt);
                }
                return;
            } catch (ClickHouseException e) {
                long waited = System.currentTimeMillis() - start;
                if (waited >= maxRetryMs) {
                    throw new IOException("ClickHouse insert into " + table + " failed for " + waited + " ms ("
                            + attempt + " attempts); failing so the job restarts from its last checkpoint: " + e.getMessage(), e);
                }
                LOG.warn("insert into {} failed (attempt {}), retrying in {} ms: {}", table, attempt, backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 2000);
            }
        }
    }

    @Override
    public void close() {
        inserts.shutdownNow();
    }

    /**
     * One table's rows of a batch, in order, as one insert or, when they span more than
     * {@link #MAX_PARTITIONS_PER_INSERT} partitions, several: a row whose partition would be one too
     * many starts the next insert.
     */
    static final class TableInserts {
        final List<Buffer> inserts = new ArrayList<>(List.of(new Buffer()));

        void append(TableRow row) {
            Buffer last = inserts.get(inserts.size() - 1);
            if (!last.takes(row.partition)) {
                last = new Buffer();
                inserts.add(last);
            }
            last.appendLine(row.line, row.partition);
        }

        /** Empties the batch, keeping one buffer (the others only served a rare wide batch). */
        void clear() {
            Buffer first = inserts.get(0);
            first.clear();
            inserts.clear();
            inserts.add(first);
        }
    }

    /** Rows for one insert as UTF-8 TabSeparated lines, each copied in as the row writer encoded it, and the partitions they touch. */
    static final class Buffer {
        byte[] bytes = new byte[64 * 1024];
        int size;
        final Set<Integer> partitions = new HashSet<>();
        /** The partition of the last row: most rows share it, so the set is seldom asked. */
        private int lastPartition;

        /** Whether a row of this partition keeps the insert within the partition limit. */
        boolean takes(int partition) {
            return partitions.size() < MAX_PARTITIONS_PER_INSERT || partition == lastPartition || partitions.contains(partition);
        }

        void appendLine(byte[] b, int partition) {
            ensure(b.length + 1);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
            bytes[size++] = '\n';
            if (partition != lastPartition || partitions.isEmpty()) {
                partitions.add(partition);
                lastPartition = partition;
            }
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        /** Empties the buffer; a buffer grown far beyond its usual size by a burst is given back. */
        void clear() {
            size = 0;
            partitions.clear();
            if (bytes.length > 8 * 1024 * 1024) {
                bytes = new byte[64 * 1024];
            }
        }
    }
}
