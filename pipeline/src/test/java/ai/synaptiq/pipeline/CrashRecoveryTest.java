package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.demo.EventStreamGenerator;
import ai.synaptiq.pipeline.reference.ReferenceModel;
import ai.synaptiq.pipeline.testing.JobProcess;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.pipeline.testing.TestKafka;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real Kafka broker, the real job's main() in its own JVM (a local MiniCluster with RocksDB and
 * checkpoints), a real ClickHouse. Crashes mid-stream must not change a single row.
 */
class CrashRecoveryTest {
    private static final TestKafka kafka = TestKafka.shared();
    private static final LocalClickHouse ch = LocalClickHouse.shared();

    @Test
    void shouldCountNothingTwiceAndLoseNothingWhenTheJobIsKilledAndResumes() throws Exception {
        Scenario s = new Scenario("crash_job", 21);
        try (JobProcess job = s.job()) {
            kafka.publish(s.topic, s.lines.subList(0, s.lines.size() * 6 / 10));
            long started = System.currentTimeMillis();
            job.start();
            awaitCheckpointAndRows(s);
            kafka.publish(s.topic, s.lines.subList(s.lines.size() * 6 / 10, s.lines.size()));
            Thread.sleep(1500);
            job.kill();
            assertTrue(!job.alive());
            job.start();
            awaitMatch(s);
            // The sink gave the account's rows a version (the API's cache key), across the crash too.
            assertEquals("1", ch.client().query("SELECT max(version) >= " + started + " FROM synaptiq.account_versions WHERE account_id = '"
                    + s.account + "' FORMAT TabSeparated").trim());
        }
    }

    @Test
    void shouldLoseNothingWhenClickHouseRestartsMidStream() throws Exception {
        Scenario s = new Scenario("crash_ch", 22);
        try (JobProcess job = s.job()) {
            job.start();
            kafka.publish(s.topic, s.lines.subList(0, s.lines.size() / 2));
            awaitCheckpointAndRows(s);
            ch.stop();
            kafka.publish(s.topic, s.lines.subList(s.lines.size() / 2, s.lines.size()));
            Thread.sleep(4000);
            ch.startAgain();
            awaitMatch(s);
            assertTrue(job.alive(), "the job rode out the outage");
        }
    }

    /** One account's generated stream on its own single-partition topic, with its oracle outcome. */
    private static final class Scenario {
        final String account;
        final String topic;
        final List<String> lines;
        final ReferenceModel.Outcome expected;
        final Path dir;

        Scenario(String name, long seed) throws Exception {
            String run = Long.toString(System.nanoTime(), 36);
            account = name + "_" + run;
            topic = "crash." + account;
            kafka.createTopic(topic, 1);
            lines = EventStreamGenerator.builder().seed(seed).accountId(account)
                    .start(Instant.parse("2026-03-01T00:00:00Z")).end(Instant.parse("2026-03-12T00:00:00Z"))
                    .visitors(400).duplicateRate(0.03).outOfOrderRate(0.05).lateCount(10).tooLateCount(3).malformedCount(5)
                    .build().generate();
            expected = ReferenceModel.run(lines);
            dir = Files.createTempDirectory("synaptiq-" + name);
        }

        JobProcess job() {
            return new JobProcess(dir.resolve("job.log"), "--kafka", kafka.bootstrap(), "--topic", topic, "--group-id", "g-" + account,
                    "--clickhouse", ch.url(), "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString(),
                    "--checkpoint-interval", "500ms", "--sink-max-retry", "120s");
        }

        boolean hasCheckpoint() throws Exception {
            Path cp = dir.resolve("checkpoints");
            if (!Files.exists(cp)) {
                return false;
            }
            try (Stream<Path> s = Files.walk(cp)) {
                return s.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
            } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException subsumedWhileWalking) {
                // The job deletes a checkpoint once a newer one completes; look again on the next round.
                return false;
            }
        }
    }

    private static void awaitCheckpointAndRows(Scenario s) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (s.hasCheckpoint() && count(s) > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the job wrote nothing or took no checkpoint within 120 s; see " + s.dir.resolve("job.log"));
    }

    private static long count(Scenario s) {
        try {
            return Long.parseLong(ch.client().query("SELECT count() FROM synaptiq.events WHERE account_id = '" + s.account
                    + "' FORMAT TabSeparated").trim());
        } catch (ClickHouseException e) {
            return 0;
        }
    }

    private static void awaitMatch(Scenario s) throws Exception {
        TableExpectations.awaitMatch(ch.client(), s.expected, s.account, s.topic, "tables after recovery; job log " + s.dir.resolve("job.log"));
    }
}
