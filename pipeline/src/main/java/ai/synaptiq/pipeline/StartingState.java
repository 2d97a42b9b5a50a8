package ai.synaptiq.pipeline;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which state the job starts from (docs/cluster.md, "Starting state"): a savepoint or checkpoint given to
 * Flink ({@code -s}), else with {@code --resume} the newest one retained under {@code --checkpoint-dir}
 * ({@link RetainedCheckpoints}; any file system Flink knows: file://, s3://, ...), else empty state, which is refused when the
 * consumer group has committed offsets on the topic: it commits them only with a completed
 * checkpoint, after every row up to them reached ClickHouse, so the tables hold rows whose state
 * (de-duplication, leads, conversations, overview buckets) the job would not have.
 */
public final class StartingState {
    private StartingState() {
    }

    /** The job would start with empty state over rows an earlier run wrote; the message says what to do. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * The state to restore (a savepoint or checkpoint path), or empty for empty state; prints the choice.
     *
     * @param given the path Flink was handed ({@code flink run -s}, the REST API's savepointPath), if any
     * @throws Refused when empty state would start over rows written by an earlier run
     */
    public static Optional<String> choose(PipelineConfig config, Optional<String> given) throws IOException {
        if (given.isPresent()) {
            System.out.println("resuming from " + given.get() + " (given to Flink)");
            return given;
        }
        if (config.resume()) {
            Optional<String> newest = RetainedCheckpoints.newest(config.checkpointDir());
            if (newest.isPresent()) {
                System.out.println("resuming from " + newest.get() + " (the newest retained under " + config.checkpointDir() + ")");
                return newest;
            }
        }
        if (config.rebuildFromScratch()) {
            System.out.println("rebuilding from scratch: empty state, reading " + config.topic() + " from its earliest offsets");
            return Optional.empty();
        }
        Map<TopicPartition, Long> committed = committedOffsets(config);
        if (!committed.isEmpty()) {
            throw new Refused(refusal(config, committed));
        }
        System.out.println("starting with empty state: consumer group " + config.groupId() + " has no offsets on "
                + config.topic() + ", so the topic is read from its earliest offsets");
        return Optional.empty();
    }

    private static String refusal(PipelineConfig config, Map<TopicPartition, Long> committed) {
        StringBuilder offsets = new StringBuilder();
        committed.forEach((tp, o) -> offsets.append(offsets.length() == 0 ? "" : ", ").append(tp.partition()).append(':').append(o));
        String where = config.resume() ? "none was found under " + config.checkpointDir() : "--resume is false";
        return "refusing to start with empty state: consumer group " + config.groupId() + " has committed offsets on topic "
                + config.topic() + " (partition:offset " + offsets + "), so ClickHouse holds the rows of the events up to"
                + " there, but the state that made them (de-duplication, leads, conversations, overview buckets) would be"
                + " missing and later figures would be wrong (" + where + ").\n"
                + "  To resume: submit with the newest savepoint or retained checkpoint (flink run -s <path>, or"
                + " savepointPath in the REST API), or with --resume true and --checkpoint-dir on the storage that"
                + " holds the retained checkpoints.\n"
                + "  To rebuild on purpose: add --rebuild-from-scratch (empty state, the topic read again from its"
                + " earliest offsets, every row rewritten; exact only while the topic still holds every event since"
                + " the tables were empty).";
    }

    /** The consumer group's committed offsets on the job's topic, by partition. */
    static Map<TopicPartition, Long> committedOffsets(PipelineConfig config) throws IOException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(config.groupId())
                    .partitionsToOffsetAndMetadata().get(90, TimeUnit.SECONDS);
            Map<TopicPartition, Long> mine = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
            all.forEach((tp, o) -> {
                if (o != null && tp.topic().equals(config.topic())) {
                    mine.put(tp, o.offset());
                }
            });
            return mine;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the offsets of consumer group " + config.groupId() + " from Kafka "
                    + config.kafka() + ", so cannot tell whether empty state is safe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the consumer group's offsets", e);
        }
    }
}
