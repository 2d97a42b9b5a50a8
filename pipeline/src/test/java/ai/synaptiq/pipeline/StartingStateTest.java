package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.testing.TestKafka;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the job starts from: given savepoint, newest retained checkpoint or savepoint, empty state, or a refusal. */
class StartingStateTest {
    private static final TestKafka kafka = TestKafka.shared();

    @TempDir
    Path dir;

    @Test
    void shouldRefuseEmptyStateOnceTheGroupHasCommittedOffsetsAndSayHowToResumeOrRebuild() throws Exception {
        String topic = "starting." + System.nanoTime();
        kafka.createTopic(topic, 2);
        PipelineConfig config = config(topic, "g-refuse");
        commit(config, topic, 1, 42);

        StartingState.Refused refused = assertThrows(StartingState.Refused.class, () -> StartingState.choose(config, Optional.empty()));
        assertTrue(refused.getMessage().contains("partition:offset 1:42"), refused.getMessage());
        assertTrue(refused.getMessage().contains("flink run -s <path>"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--resume true"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--rebuild-from-scratch"), refused.getMessage());
        assertThrows(StartingState.Refused.class, () -> StartingState.choose(config.with("resume", "false"), Optional.empty()));

        assertEquals(Optional.empty(), StartingState.choose(config.with("rebuild-from-scratch", "true"), Optional.empty()));
        Path checkpoint = RetainedCheckpointsTest.metadata(dir, "0a1b/chk-3", 1_000);
        assertTrue(StartingState.choose(config, Optional.empty()).orElseThrow().endsWith(checkpoint.getFileName().toString()));
        assertEquals(Optional.of("s3://bucket/sp-1"), StartingState.choose(config, Optional.of("s3://bucket/sp-1")));
        // --resume false ignores the retained state; a group without offsets starts empty from the earliest offsets.
        assertEquals(Optional.empty(), StartingState.choose(config(topic, "g-new").with("resume", "false"), Optional.empty()));
    }

    @Test
    void shouldTakeRebuildFromScratchAsABareSwitchAndKeepMaxParallelismAboveParallelism() {
        PipelineConfig c = PipelineConfig.fromArgs(new String[] {"--rebuild-from-scratch", "--parallelism", "4"}, Map.of());
        assertTrue(c.rebuildFromScratch());
        assertEquals(4, c.parallelism());
        assertEquals(128, c.maxParallelism());
        assertThrows(IllegalArgumentException.class,
                () -> PipelineConfig.fromArgs(new String[] {"--parallelism", "8", "--max-parallelism", "4"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.fromArgs(new String[] {"--resume", "yes"}, Map.of()));
    }

    private PipelineConfig config(String topic, String group) {
        return PipelineConfig.fromArgs(new String[] {"--kafka", kafka.bootstrap(), "--topic", topic, "--group-id", group,
                "--checkpoint-dir", dir.toUri().toString()}, Map.of());
    }

    private static void commit(PipelineConfig config, String topic, int partition, long offset) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.alterConsumerGroupOffsets(config.groupId(), Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)))
                    .all().get();
        }
    }
}
