package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.testing.GeneratedAccount;
import ai.synaptiq.pipeline.testing.LocalFlinkCluster;
import ai.synaptiq.pipeline.testing.TableExpectations;
import ai.synaptiq.pipeline.testing.TestKafka;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real standalone Flink cluster (a JobManager and two TaskManagers with two slots
 * each, separate JVMs), submitted over Flink's REST API, reading a real Kafka broker and writing a
 * real ClickHouse. Whatever happens to the cluster, every table must end equal to the reference
 * model's outcome of the raw events. Runs after `package` (failsafe), since it needs the job jar.
 */
class FlinkClusterIT {
    private static TestKafka kafka;
    private static LocalClickHouse ch;
    private static LocalFlinkCluster cluster;
    private static Path jar;
    private static String jarId;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.shared();
        ch = LocalClickHouse.shared();
        cluster = LocalFlinkCluster.start(Files.createTempDirectory("synaptiq-flink-cluster"));
        jar = LocalClickHouse.repoRoot().resolve("pipeline/target/synaptiq-pipeline.jar");
        jarId = cluster.upload(jar);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldChangeNoFigureWhenATaskManagerIsKilledWhileEventsStreamIn() throws Exception {
        GeneratedAccount s = account("cluster_tm", 31);
        cluster.awaitIdle();
        kafka.publish(s.topic, s.part(0, 4));
        String job = cluster.run(jarId, AnalyticsJob.class.getName(), args(s, 2), Optional.empty()).jobId();
        cluster.awaitRunningWithCheckpoint(job);
        awaitRows(s);

        // The rest streams in while one TaskManager dies: the job fails over to the survivor's slots.
        CountDownLatch streaming = new CountDownLatch(1);
        CompletableFuture<Void> publisher = CompletableFuture.runAsync(() -> {
            for (int tenth = 4; tenth < 10; tenth++) {
                kafka.publish(s.topic, s.part(tenth, tenth + 1));
                if (tenth == 5) {
                    streaming.countDown();
                }
            }
        });
        List<String> hosts = cluster.taskManagersOf(job);
        assertEquals(2, hosts.size(), "the job's subtasks are spread over both TaskManagers");
        assertTrue(streaming.await(120, TimeUnit.SECONDS));
        cluster.kill(hosts.get(0));
        publisher.get(180, TimeUnit.SECONDS);

        awaitRestored(job);
        cluster.startProcess(hosts.get(0)); // as ./synaptiq's supervisor does
        awaitMatch(s);
        assertEquals("RUNNING", cluster.state(job));
        cluster.cancel(job);
    }

    @Test
    void shouldResumeFromTheRetainedCheckpointAfterTheJobManagerIsKilledAndRefuseEmptyState() throws Exception {
        GeneratedAccount s = account("cluster_jm", 32);
        cluster.awaitIdle();
        kafka.publish(s.topic, s.part(0, 5));
        String first = cluster.run(jarId, AnalyticsJob.class.getName(), args(s, 2), Optional.empty()).jobId();
        cluster.awaitRunningWithCheckpoint(first);
        awaitRows(s);
        awaitCommittedOffsets(s);

        // No HA: the new JobManager does not know the job; its tasks die, its checkpoints stay.
        cluster.kill("jobmanager");
        cluster.startProcess("jobmanager");
        cluster.awaitIdle();
        String reuploaded = cluster.upload(jar);

        List<String> noState = new ArrayList<>(args(s, 2));
        noState.addAll(List.of("--resume", "false"));
        LocalFlinkCluster.RunAnswer refused = cluster.run(reuploaded, AnalyticsJob.class.getName(), noState, Optional.empty());
        assertNotEquals(200, refused.status(), refused.body());
        assertTrue(refused.body().contains("refusing to start with empty state"), refused.body());
        assertTrue(refused.body().contains("--rebuild-from-scratch"), refused.body());
        assertEquals(0, cluster.get("/jobs/overview").path("jobs").size(), "the refused submission started no job");

        String resumed = cluster.run(reuploaded, AnalyticsJob.class.getName(), args(s, 2), Optional.empty()).jobId();
        cluster.awaitRunningWithCheckpoint(resumed);
        String restoredFrom = restoredFrom(resumed);
        assertTrue(restoredFrom.contains(first) && restoredFrom.contains("/chk-"),
                "resumed from the first job's newest retained checkpoint: " + restoredFrom);
        kafka.publish(s.topic, s.part(5, 10));
        awaitMatch(s);
        cluster.cancel(resumed);
    }

    @Test
    void shouldKeepEveryFigureWhenRescaledFromOneToFourThroughASavepoint() throws Exception {
        GeneratedAccount s = account("cluster_rescale", 33);
        cluster.awaitIdle();
        kafka.publish(s.topic, s.part(0, 5));
        String one = cluster.run(jarId, AnalyticsJob.class.getName(), args(s, 1), Optional.empty()).jobId();
        cluster.awaitRunningWithCheckpoint(one);
        awaitRows(s);
        String savepoint = cluster.stopWithSavepoint(one, s.dir.resolve("checkpoints/savepoints").toUri().toString());
        cluster.awaitState(one, "FINISHED");
        cluster.awaitIdle();

        String four = cluster.run(jarId, AnalyticsJob.class.getName(), args(s, 4), Optional.of(savepoint)).jobId();
        cluster.awaitRunningWithCheckpoint(four);
        assertEquals(savepoint, restoredFrom(four));
        for (JsonNode v : cluster.get("/jobs/" + four).path("vertices")) {
            assertEquals(4, v.path("parallelism").asInt(), v.path("name").asText());
        }
        kafka.publish(s.topic, s.part(5, 10));
        awaitMatch(s);
        cluster.cancel(four);
    }

    private static String restoredFrom(String job) throws Exception {
        return cluster.checkpoints(job).path("latest").path("restored").path("external_path").asText("");
    }

    /** Waits until the job has restored its state from a checkpoint after a failure. */
    private static void awaitRestored(String job) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            if (cluster.checkpoints(job).path("counts").path("restored").asInt() > 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " did not restore from a checkpoint within 180 s; see " + cluster.log("jobmanager"));
    }

    private static GeneratedAccount account(String name, long seed) throws Exception {
        return new GeneratedAccount(kafka, "cluster", name, seed);
    }

    private static List<String> args(GeneratedAccount s, int parallelism) {
        return s.jobArgs(kafka, ch.url(), "1s", "--parallelism", Integer.toString(parallelism));
    }

    private static void awaitRows(GeneratedAccount s) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (s.eventRows(ch.client()) > 0) { // 0 until the job has created the tables on its first start
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the job wrote no row within 120 s; see " + cluster.log("taskmanager-1"));
    }

    private static void awaitCommittedOffsets(GeneratedAccount s) throws Exception {
        PipelineConfig config = PipelineConfig.defaults().withKafka(kafka.bootstrap()).with("topic", s.topic).with("group-id", "g-" + s.account);
        long deadline = System.currentTimeMillis() + 120_000;
        while (StartingState.committedOffsets(config).isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the job committed no Kafka offset within 120 s");
            }
            Thread.sleep(250);
        }
    }

    private static void awaitMatch(GeneratedAccount s) throws Exception {
        TableExpectations.awaitMatch(ch.client(), s.expected, s.account, s.topic,
                "tables on the cluster; logs in " + cluster.log("jobmanager").getParent());
    }
}
