package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A fresh account sends its history: 150 conversations one month apart, all in one sink batch
 * (no flush or checkpoint before the end of input). events, activity and overview_rollup are
 * partitioned by month, so the batch spans 150 partitions of each; current ClickHouse refuses an
 * insert into more than 100, and the sink splits it (ClickHouseSinkWriterTest). Here: every row is stored.
 */
class PartitionsPerInsertTest {

    @Test
    void shouldStoreAFreshAccountsHundredFiftyMonthsSentInOneBatch() throws Exception {
        LocalClickHouse ch = LocalClickHouse.shared();
        ClickHouseClient client = ch.client();
        String run = Long.toString(System.nanoTime(), 36);
        String acc = "months_" + run;
        String topic = "months." + run;
        ZonedDateTime first = ZonedDateTime.of(2010, 1, 15, 9, 30, 0, 0, ZoneOffset.UTC);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            lines.add("{\"eventId\":\"c" + i + "\",\"type\":\"conversation.started\",\"accountId\":\"" + acc + "\",\"occurredAt\":\""
                    + first.plusMonths(i).toInstant() + "\",\"visitorId\":\"v" + i + "\",\"conversationId\":\"c" + i + "\",\"channel\":\"web_chat\"}");
        }
        AnalyticsJob.runToCompletion(lines, PipelineConfig.defaults().withClickHouse(ch.url()).with("topic", topic)
                .with("parallelism", "1").with("sink-flush-interval", "1h").with("checkpoint-interval", "1h")
                .with("checkpoint-dir", Files.createTempDirectory("months-cp").toUri().toString()));

        assertEquals("", TableExpectations.diff(client, ReferenceModel.run(lines), Set.of(acc), topic));
        String where = " WHERE account_id = '" + acc + "' FORMAT TabSeparated";
        assertEquals("150\t150", client.query("SELECT count(), uniqExact(toYYYYMM(occurred_at)) FROM synaptiq.events FINAL" + where).trim());
        assertEquals("150", client.query("SELECT count() FROM synaptiq.activity FINAL" + where).trim());
        assertEquals("150\t150", client.query("SELECT sum(conversations), uniqExact(toYYYYMM(bucket_start)) FROM synaptiq.overview_rollup FINAL" + where).trim());
    }
}
