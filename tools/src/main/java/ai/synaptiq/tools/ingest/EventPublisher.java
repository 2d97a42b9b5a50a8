package ai.synaptiq.tools.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends event records to the topic the way docs/events.md §1 asks producers to: the value is the
 * line exactly as given, the key is the visitorId, else the leadId, else null.
 */
public final class EventPublisher implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<String, String> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    public EventPublisher(Producer<String, String> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** A publisher to a Kafka cluster: every record acknowledged by all in-sync replicas, no duplicates on retry. */
    public static EventPublisher toKafka(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "synaptiq-event-publisher");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new EventPublisher(new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()), topic);
    }

    /** Queues one record; a failure of an earlier record is thrown here or by {@link #flush()}. */
    public void publish(String line) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic, recordKey(line), line), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
        sent++;
    }

    /** Waits until every queued record is acknowledged. */
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /** Records handed to the producer so far. */
    public long sent() {
        return sent;
    }

    public String topic() {
        return topic;
    }

    /** visitorId, else leadId, else null; null too for a line that is not a JSON object. */
    public static String recordKey(String line) {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode visitor = root.get("visitorId");
        if (visitor != null && visitor.isTextual()) {
            return visitor.asText();
        }
        JsonNode lead = root.get("leadId");
        return lead != null && lead.isTextual() ? lead.asText() : null;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private void throwIfFailed() {
        Exception e = failure.get();
        if (e != null) {
            throw new KafkaException("publishing to topic " + topic + " failed: " + e.getMessage(), e);
        }
    }
}
