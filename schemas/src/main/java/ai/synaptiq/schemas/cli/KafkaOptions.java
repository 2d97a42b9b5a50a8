package ai.synaptiq.schemas.cli;

import java.io.Serializable;
import picocli.CommandLine.Option;

/** The Kafka flags of the job and of the tools that feed it ({@code @Mixin}). */
public final class KafkaOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    @Option(names = "--kafka", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers") public String bootstrap;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = "synaptiq.events", description = "topic of the event stream") public String topic;
}
