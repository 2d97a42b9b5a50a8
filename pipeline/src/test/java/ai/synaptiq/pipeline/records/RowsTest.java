package ai.synaptiq.pipeline.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.synaptiq.schemas.events.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written rows are what Jackson wrote, character for character. */
class RowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldEscapeTextExactlyAsJackson() throws Exception {
        for (String s : List.of("", "plain", "a\"b", "back\\slash", "line\nbreak\r\t", "\u0000\u0001\u001f\u007f", "Zoë ✓ 😀",
                "{\"pageUrl\":\"https://x.test/a?b=1\",\"q\":\"\\\"\"}", "\b\f", "end\"")) {
            ObjectNode n = JSON.createObjectNode();
            n.put("description", s);
            Event e = new Event();
            e.description = s;
            e.dataJson = s;
            String row = Rows.event(e).json;
            JsonNode back = JSON.readTree(row);
            assertEquals(s, back.get("description").asText());
            assertEquals(s, back.get("data").asText());
            String quoted = n.toString();
            assertEquals(true, row.contains(quoted.substring(1, quoted.length() - 1)), row + " vs " + quoted);
        }
    }

    @Test
    void shouldWriteTheSameRowAsTheObjectNodeDid() throws Exception {
        Event e = new Event();
        e.accountId = "acc";
        e.eventId = "e1";
        e.type = "message.sent";
        e.occurredMs = 1772359620123L;
        e.conversationId = "c1";
        e.responseTimeMs = 1200.0;
        e.score = null;
        e.dataJson = "{\"sender\":\"ai\",\"content\":\"Hi \\\"you\\\"\"}";
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", "acc");
        n.put("event_id", "e1");
        n.put("type", "message.sent");
        n.put("occurred_at", "2026-03-01 10:07:00");
        n.put("occurred_ms", 1772359620123L);
        n.put("visitor_id", "");
        n.put("conversation_id", "c1");
        n.put("lead_id", "");
        n.put("channel", "");
        n.put("source", "");
        n.put("sender", "");
        n.put("response_time_ms", 1200.0);
        n.put("engagement_score", (Double) null);
        n.put("score", (Double) null);
        n.put("estimated_deal_size", (Double) null);
        n.put("amount", (Double) null);
        n.put("description", "");
        n.put("data", e.dataJson);
        assertEquals(n.toString(), Rows.event(e).json);
    }

    @Test
    void shouldWriteCustomPropertiesSortedAsJackson() {
        assertEquals("{\"a\":\"1\",\"b\":\"x\\\"y\"}", Rows.objectOfStrings(Map.of("b", "x\"y", "a", "1")));
        assertEquals("{}", Rows.objectOfStrings(Map.of()));
    }

    @Test
    void shouldFormatDateTimesAsTheFormatter() {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        Random r = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            long ms = (long) (r.nextDouble() * 253402300799999L);
            assertEquals(f.format(Instant.ofEpochMilli(ms)), Rows.dateTime(ms), Long.toString(ms));
        }
        for (long ms : new long[] {0, -5, 951782400000L, 4107542400000L, 253402300799999L, 253402300800000L}) {
            assertEquals(f.format(Instant.ofEpochMilli(Math.max(0, ms))), Rows.dateTime(ms), Long.toString(ms));
        }
    }
}
