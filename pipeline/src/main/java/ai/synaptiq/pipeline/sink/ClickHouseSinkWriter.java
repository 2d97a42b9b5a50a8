package ai.synaptiq.pipeline.sink;

import ai.synaptiq.pipeline.records.TableRow;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Buffers rows per table and inserts them; retries with backoff, then fails the job rather than drop a batch. */
class ClickHouseSinkWriter implements SinkWriter<TableRow> {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSinkWriter.class);
    private final ClickHouseClient client;
    private final int batchSize;
    private final long flushIntervalMs;
    private final long maxRetryMs;
    private final ProcessingTimeService time;
    private final Map<String, StringBuilder> buffers = new LinkedHashMap<>();
    private int buffered;
    private boolean flushScheduled;

    ClickHouseSinkWriter(ClickHouseClient client, int batchSize, long flushIntervalMs, long maxRetryMs, ProcessingTimeService time) {
        this.client = client;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.maxRetryMs = maxRetryMs;
        this.time = time;
    }

    @Override
    public void write(TableRow row, Context context) throws IOException, InterruptedException {
        buffers.computeIfAbsent(row.table, t -> new StringBuilder(64 * 1024)).append(row.json).append('\n');
        buffered++;
        if (buffered >= batchSize) {
            flushAll();
        } else if (!flushScheduled) {
            flushScheduled = true;
            time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMs, ts -> {
                flushScheduled = false;
                flushAll();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushAll();
    }

    private void flushAll() throws IOException, InterruptedException {
        if (buffered == 0) {
            return;
        }
        for (Map.Entry<String, StringBuilder> b : buffers.entrySet()) {
            if (b.getValue().length() > 0) {
                insertWithRetry(b.getKey(), b.getValue().toString());
                b.getValue().setLength(0);
            }
        }
        buffered = 0;
    }

    private void insertWithRetry(String table, String rows) throws IOException, InterruptedException {
        long start = System.currentTimeMillis();
        long backoff = 100;
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                client.insertJsonEachRow(table, rows);
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
    }
}
