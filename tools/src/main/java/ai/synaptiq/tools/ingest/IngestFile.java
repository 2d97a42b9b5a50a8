package ai.synaptiq.tools.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import ai.synaptiq.schemas.cli.Cli;
import ai.synaptiq.schemas.cli.KafkaOptions;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Publishes every line of a JSON-lines file to the topic exactly as it is, bad lines included
 * (the pipeline dead-letters them), keyed by visitorId, else leadId, else null.
 *
 * <pre>java -cp 'synaptiq-tools.jar:flink-lib/*' ai.synaptiq.tools.ingest.IngestFile [--kafka HOST:PORT] [--topic TOPIC] FILE</pre>
 *
 * Exit status: 0 when every line was acknowledged, 1 for a usage error or a missing or unreadable
 * file, 2 when Kafka refused or could not be reached.
 */
@Command(name = "IngestFile", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
        description = "Publishes every line of a JSON-lines file to the topic as it is.")
public final class IngestFile implements Callable<Integer> {
    @Mixin private KafkaOptions kafka;
    @Parameters(paramLabel = "FILE", description = "one JSON event per line") private Path file;

    private final PrintStream out;
    private final PrintStream err;
    private final BiFunction<String, String, EventPublisher> publishers;

    private IngestFile(PrintStream out, PrintStream err, BiFunction<String, String, EventPublisher> publishers) {
        this.out = out;
        this.err = err;
        this.publishers = publishers;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, EventPublisher::toKafka));
    }

    /** The whole command; {@code publishers} makes a publisher from (bootstrap servers, topic). */
    static int run(String[] args, PrintStream out, PrintStream err, BiFunction<String, String, EventPublisher> publishers) {
        return Cli.execute(new IngestFile(out, err, publishers), args, System.getenv(), out, err);
    }

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            err.println("IngestFile: file not found: " + file);
            return 1;
        }
        try (EventPublisher publisher = publishers.apply(kafka.bootstrap, kafka.topic)) {
            long sent = ingest(file, publisher);
            out.println("sent " + sent + " records from " + file + " to topic " + kafka.topic);
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
