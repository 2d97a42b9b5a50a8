package ai.synaptiq.pipeline.testing;

import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One account's generated stream (duplicates, out-of-order, late, too-late and malformed events
 * included) on its own single-partition topic, with the reference model's outcome and a folder for
 * the job's checkpoints and log. The crash and cluster tests each run the job over one of these.
 */
public final class GeneratedAccount {
    public final String account;
    public final String topic;
    public final List<String> lines;
    public final ReferenceModel.Outcome expected;
    public final Path dir;

    public GeneratedAccount(TestKafka kafka, String topicPrefix, String name, long seed) throws Exception {
        account = name + "_" + Long.toString(System.nanoTime(), 36);
        topic = topicPrefix + "." + account;
        kafka.createTopic(topic, 1);
        lines = EventStreamGenerator.builder().seed(seed).accountId(account)
                .start(Instant.parse("2026-03-01T00:00:00Z")).end(Instant.parse("2026-03-12T00:00:00Z"))
                .visitors(400).duplicateRate(0.03).outOfOrderRate(0.05).lateCount(10).tooLateCount(3).malformedCount(5)
                .build().generate();
        expected = ReferenceModel.run(lines);
        dir = Files.createTempDirectory("synaptiq-" + name);
    }

    /** Tenths {@code from} to {@code to} of the stream. */
    public List<String> part(int from, int to) {
        return lines.subList(lines.size() * from / 10, lines.size() * to / 10);
    }

    /** The job's flags for this account: its topic, its consumer group, its checkpoint folder. */
    public List<String> jobArgs(TestKafka kafka, String clickhouseUrl, String checkpointInterval, String... more) {
        List<String> args = new ArrayList<>(List.of("--kafka", kafka.bootstrap(), "--topic", topic, "--group-id", "g-" + account,
                "--clickhouse", clickhouseUrl, "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", checkpointInterval, "--sink-max-retry", "120s"));
        args.addAll(List.of(more));
        return args;
    }

    /** Rows of this account in {@code events}; 0 while the job has not created the tables yet. */
    public long eventRows(ClickHouseClient client) {
        try {
            return Long.parseLong(client.query("SELECT count() FROM synaptiq.events WHERE account_id = '" + account
                    + "' FORMAT TabSeparated").trim());
        } catch (ClickHouseException notYet) {
            return 0;
        }
    }
}
