package ai.synaptiq.tools.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes every line of a JSON-lines file to the topic exactly as it is, bad lines included
 * (the pipeline dead-letters them), keyed by visitorId, else leadId, else null.
 *
 * <pre>java -cp 'synaptiq-pipeline.jar:flink-lib/*' ai.synaptiq.tools.ingest.IngestFile --kafka HOST:PORT --topic TOPIC FILE</pre>
 *
 * Exit status: 0 when every line was acknowledged, 1 for a usage error or a missing or unreadable
 * file, 2 when Kafka refused or could not be reached.
 */
public final class IngestFile {
    static final String USAGE = "usage: IngestFile --kafka HOST:PORT --topic TOPIC FILE";

    private IngestFile() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, EventPublisher::toKafka));
    }

    /** The whole command; {@code publishers} makes a publisher from (bootstrap servers, topic). */
    static int run(String[] args, PrintStream out, PrintStream err, BiFunction<String, String, EventPublisher> publishers) {
        String kafka;
        String topic;
        Path file;
        try {
            CommandLine cl = CommandLine.parse(args, Set.of("kafka", "topic"));
            if (cl.helpRequested()) {
                out.println(USAGE);
                return 0;
            }
            kafka = cl.required("kafka");
            topic = cl.required("topic");
            if (cl.positional().size() != 1) {
                throw new IllegalArgumentException("give exactly one FILE");
            }
            file = Path.of(cl.positional().get(0));
        } catch (IllegalArgumentException e) {
            err.println("IngestFile: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        if (!Files.isRegularFile(file)) {
            err.println("IngestFile: file not found: " + file);
            return 1;
        }
        try (EventPublisher publisher = publishers.apply(kafka, topic)) {
            long sent = ingest(file, publisher);
            out.println("sent " + sent + " records from " + file + " to topic " + topic);
            return 0;
        } catch (IOException e) {
            err.println("IngestFile: cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (KafkaException e) {
            err.println("IngestFile: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Publishes each line (without its line terminator) and waits for all to be acknowledged.
     * Bytes that are not UTF-8 become U+FFFD, as any UTF-8 consumer would read them.
     */
    public static long ingest(Path file, EventPublisher publisher) throws IOException {
        long before = publisher.sent();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                publisher.publish(line);
            }
        }
        publisher.flush();
        return publisher.sent() - before;
    }
}
