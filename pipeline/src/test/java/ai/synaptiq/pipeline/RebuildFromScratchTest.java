package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.generator.EventStreamGenerator;
import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.pipeline.testing.JobProcess;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.pipeline.testing.TestKafka;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real job's main() in its own JVM: once its checkpoints are gone, it refuses to start over the
 * offsets its group committed, and with --rebuild-from-scratch it rebuilds every row from the whole topic.
 */
class RebuildFromScratchTest {
    private static final String[] TABLES = {"events", "leads", "conversations", "activity", "overview_rollup"};
    private static final TestKafka kafka = TestKafka.shared();
    private static final LocalClickHouse ch = LocalClickHouse.shared();

    @Test
    void shouldRefuseAnEmptyStartWithoutCheckpointsAndRebuildEveryRowWhenAskedTo() throws Exception {
        String account = "rebuild_" + Long.toString(System.nanoTime(), 36);
        String topic = "rebuild." + account;
        kafka.createTopic(topic, 1);
        List<String> lines = EventStreamGenerator.builder().seed(41).accountId(account)
                .start(Instant.parse("2026-03-01T00:00:00Z")).end(Instant.parse("2026-03-05T00:00:00Z"))
                .visitors(150).duplicateRate(0.03).outOfOrderRate(0.05).lateCount(5).tooLateCount(2).malformedCount(3)
                .build().generate();
        ReferenceModel.Outcome expected = ReferenceModel.run(lines);
        Path dir = Files.createTempDirectory("synaptiq-rebuild");
        List<String> args = new ArrayList<>(List.of("--kafka", kafka.bootstrap(), "--topic", topic, "--group-id", "g-" + account,
                "--clickhouse", ch.url(), "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                "--checkpoint-interval", "500ms"));
        kafka.publish(topic, lines);

        try (JobProcess first = new JobProcess(dir.resolve("job.log"), args.toArray(String[]::new))) {
            first.start();
            awaitMatch(account, topic, expected, dir);
            PipelineConfig config = PipelineConfig.fromArgs(args.toArray(String[]::new), java.util.Map.of());
            while (StartingState.committedOffsets(config).values().stream().mapToLong(Long::longValue).sum() < lines.size()) {
                Thread.sleep(200);
            }
        }
        // The state is lost, the rows and the committed offsets stay; then the rows are lost too.
        try (Stream<Path> files = Files.walk(dir.resolve("checkpoints"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (JobProcess refused = new JobProcess(dir.resolve("job.log"), args.toArray(String[]::new))) {
            assertEquals(3, refused.start().awaitExit(120));
        }
        assertTrue(Files.readString(dir.resolve("job.log")).contains("refusing to start with empty state"));
        deleteRows(account, topic);

        args.add("--rebuild-from-scratch");
        try (JobProcess rebuild = new JobProcess(dir.resolve("job.log"), args.toArray(String[]::new))) {
            rebuild.start();
            awaitMatch(account, topic, expected, dir);
        }
    }

    private static void deleteRows(String account, String topic) throws InterruptedException {
        for (String table : TABLES) {
            ch.client().execute("ALTER TABLE synaptiq." + table + " DELETE WHERE account_id = '" + account + "'");
        }
        ch.client().execute("ALTER TABLE synaptiq.dead_letters DELETE WHERE topic = '" + topic + "'");
        for (int i = 0; i < 600; i++) {
            if (ch.client().query("SELECT count() FROM system.mutations WHERE database = 'synaptiq' AND is_done = 0 FORMAT TabSeparated")
                    .trim().equals("0")) {
                assertEquals("0", ch.client().query("SELECT count() FROM synaptiq.events WHERE account_id = '" + account
                        + "' FORMAT TabSeparated").trim());
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the deletions did not finish within 60 s");
    }

    private static void awaitMatch(String account, String topic, ReferenceModel.Outcome expected, Path dir) throws Exception {
        TableExpectations.awaitMatch(ch.client(), expected, account, topic, "tables; job log " + dir.resolve("job.log"));
    }
}
