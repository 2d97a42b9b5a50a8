package ai.synaptiq.pipeline.functions;

import ai.synaptiq.pipeline.sink.TableRow;
import ai.synaptiq.pipeline.sink.TabSeparatedFields;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.events.EventParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Builds events the way the job sees them (JSON text through the real parser) and the account processor's harness. */
final class TestEvents {
    static final String ACCOUNT = "acc_test";
    static final long GRAIN = 15 * 60_000L;
    static final long WRITE_INTERVAL = 250;
    static final AccountProcessor.Settings SETTINGS = new AccountProcessor.Settings("topic", Duration.ofHours(48), Duration.ofDays(7),
            Duration.ofMillis(GRAIN), Duration.ofMillis(WRITE_INTERVAL), 10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    /** e.g. {@code event("e1", "lead.created", "2026-03-01T10:00:00Z", "\"leadId\":\"l1\",\"data\":{\"score\":40}")} */
    static Event event(String id, String type, String at, String extraFields) {
        String json = "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"accountId\":\"" + ACCOUNT
                + "\",\"occurredAt\":\"" + at + "\"" + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
        try {
            return EventParser.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** The job's account processor (48 h lateness, 7 d dedup, 15-minute buckets, 250 ms writes, threshold 10), opened. */
    static KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> harness() throws Exception {
        return harness(null);
    }

    /** A new processor, restored from a snapshot of an earlier one when {@code restored} is not null (a restart). */
    static KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> harness(OperatorSubtaskState restored) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new AccountProcessor(SETTINGS), (Event e) -> e.accountId, Types.STRING);
        if (restored != null) {
            h.setup();
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    /** The rows written so far into one table, in output order, as JSON objects (from their TabSeparated lines). */
    static List<String> rows(KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> h, String table) {
        return h.extractOutputValues().stream().filter(r -> r.table.equals(table)).map(TabSeparatedFields::json).toList();
    }

    static List<JsonNode> rowNodes(KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> h, String table) {
        return rows(h, table).stream().map(TestEvents::read).toList();
    }

    /** The event ids of the events rows written so far: the admitted events, in order. */
    static List<String> admittedIds(KeyedOneInputStreamOperatorTestHarness<String, Event, TableRow> h) {
        return rowNodes(h, Tables.EVENTS).stream().map(n -> n.get("event_id").asText()).toList();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
