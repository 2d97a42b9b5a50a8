package ai.synaptiq.pipeline;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.clickhouse.Migrations;
import java.time.Duration;

/** The ClickHouse migrations the job applies before it starts, with ClickHouse given a minute to come up. */
public final class ClickHouseMigrations {
    private static final long WAIT_FOR_CLICKHOUSE_MS = 60_000;
    private static final long RETRY_PAUSE_MS = 1000;

    private ClickHouseMigrations() {
    }

    /**
     * Applies the migrations, retrying once a second while ClickHouse cannot be reached (status 0),
     * for up to a minute; an answer from ClickHouse that refuses a migration fails at once.
     */
    public static void apply(PipelineConfig config) throws InterruptedException {
        ClickHouseClient ch = new ClickHouseClient(config.clickhouse(), config.clickhouseUser(), config.clickhousePassword(), Duration.ofSeconds(30));
        long deadline = System.currentTimeMillis() + WAIT_FOR_CLICKHOUSE_MS;
        while (true) {
            try {
                Migrations.apply(ch);
                return;
            } catch (ClickHouseException e) {
                if (e.status() != 0 || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(RETRY_PAUSE_MS);
            }
        }
    }
}
