package ai.synaptiq.tools.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestFileTest {
    private final MockProducer<String, String> kafka = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    @Test
    void shouldPublishEveryLineAsItIsKeyedByVisitorThenLead() throws Exception {
        List<String> lines = List.of(
                "{\"eventId\":\"e1\",\"type\":\"lead.created\",\"accountId\":\"a\",\"occurredAt\":\"2026-03-01T10:00:00Z\","
                        + "\"visitorId\":\"v1\",\"leadId\":\"L1\",\"data\":{\"score\":5,\"company\":\"Acme, \\\"Inc.\\\"\"}}",
                "{\"eventId\":\"e2\",\"type\":\"lead.updated\",\"accountId\":\"a\",\"occurredAt\":\"2026-03-01T10:00:00Z\",\"leadId\":\"L1\"}",
                "{\"eventId\":\"e3\",\"type\":\"intent.high_value\",\"accountId\":\"a\",\"occurredAt\":\"2026-03-01T10:00:00Z\"}",
                "not json at all",
                "",
                "{\"visitorId\":7,\"leadId\":\"L9\",\"note\":\"Zoë\"}");
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);

        assertEquals(0, run("--kafka", "127.0.0.1:9092", "--topic", "t1", file.toString()));

        List<ProducerRecord<String, String>> sent = kafka.history();
        assertEquals(lines, sent.stream().map(ProducerRecord::value).toList());
        assertEquals(Arrays.asList("v1", "L1", null, null, null, "L9"), sent.stream().map(ProducerRecord::key).toList());
        assertTrue(sent.stream().allMatch(r -> r.topic().equals("t1")));
        assertEquals("sent 6 records from " + file + " to topic t1", out.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void shouldExitWithOneAndSayWhenTheFileIsMissing() {
        Path missing = dir.resolve("nope.jsonl");
        assertEquals(1, run("--kafka", "127.0.0.1:9092", "--topic", "t1", missing.toString()));
        assertEquals("IngestFile: file not found: " + missing, err.toString(StandardCharsets.UTF_8).trim());
        assertTrue(kafka.history().isEmpty());
    }

    @Test
    void shouldExitWithOneAndShowUsageWithoutAFile() {
        assertEquals(1, run("--kafka", "127.0.0.1:9092", "--topic", "t1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Missing required parameter: 'FILE'"), err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: IngestFile"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitWithTwoWhenKafkaRefuses() throws Exception {
        Path file = Files.writeString(dir.resolve("one.jsonl"), "{}\n");
        kafka.sendException = new KafkaException("broker down");
        assertEquals(2, run("--kafka", "127.0.0.1:9092", "--topic", "t1", file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("broker down"));
    }

    private int run(String... args) {
        return IngestFile.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                (bootstrap, topic) -> new EventPublisher(kafka, topic));
    }
}
