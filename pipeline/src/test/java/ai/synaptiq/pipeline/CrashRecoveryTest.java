package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.testing.GeneratedAccount;
import ai.synaptiq.pipeline.testing.JobProcess;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.pipeline.testing.TestKafka;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
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
        GeneratedAccount s = account("crash_job", 21);
        try (JobProcess job = job(s)) {
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
        GeneratedAccount s = account("crash_ch", 22);
        try (JobProcess job = job(s)) {
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

    private static GeneratedAccount account(String name, long seed) throws Exception {
        return new GeneratedAccount(kafka, "crash", name, seed);
    }

    private static JobProcess job(GeneratedAccount s) {
        return new JobProcess(s.dir.resolve("job.log"), s.jobArgs(kafka, ch.url(), "500ms").toArray(String[]::new));
    }

    private static boolean hasCheckpoint(GeneratedAccount s) throws Exception {
        Path cp = s.dir.resolve("checkpoints");
        if (!Files.exists(cp)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(cp)) {
            return files.anyMatch(p -> p.getFileName().toString().equals("_metadata"));
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException subsumedWhileWalking) {
            // The job deletes a checkpoint once a newer one completes; look again on the next round.
            return false;
        }
    }

    private static void awaitCheckpointAndRows(GeneratedAccount s) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (hasCheckpoint(s) && s.eventRows(ch.client()) > 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the job wrote nothing or took no checkpoint within 120 s; see " + s.dir.resolve("job.log"));
    }

    private static void awaitMatch(GeneratedAccount s) throws Exception {
        TableExpectations.awaitMatch(ch.client(), s.expected, s.account, s.topic, "tables after recovery; job log " + s.dir.resolve("job.log"));
    }
}
