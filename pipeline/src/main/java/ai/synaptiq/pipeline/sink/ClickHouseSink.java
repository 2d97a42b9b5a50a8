package ai.synaptiq.pipeline.sink;

import ai.synaptiq.pipeline.PipelineConfig;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes rows into ClickHouse over HTTP ({@code INSERT ... FORMAT JSONEachRow}), batched per
 * table, flushed when a batch is full, when the flush interval passes and before every
 * checkpoint. Idempotency comes from the tables (deterministic row keys, ReplacingMergeTree
 * versions), so re-inserting a batch after a failure or a replay counts nothing twice.
 */
public class ClickHouseSink implements Sink<TableRow> {
    private static final long serialVersionUID = 1L;
    private final String url;
    private final String user;
    private final String password;
    private final int batchSize;
    private final long flushIntervalMs;
    private final long maxRetryMs;

    public ClickHouseSink(PipelineConfig config) {
        this.url = config.clickhouse();
        this.user = config.clickhouseUser();
        this.password = config.clickhousePassword();
        this.batchSize = config.sinkBatchSize();
        this.flushIntervalMs = config.sinkFlushInterval().toMillis();
        this.maxRetryMs = config.sinkMaxRetry().toMillis();
    }

    @Override
    public SinkWriter<TableRow> createWriter(WriterInitContext context) {
        return new ClickHouseSinkWriter(new ai.synaptiq.schemas.clickhouse.ClickHouseClient(url, user, password, Duration.ofSeconds(30)),
                batchSize, flushIntervalMs, maxRetryMs, context.getProcessingTimeService());
    }
}
