package ai.synaptiq.pipeline.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.pipeline.records.Contribution;
import ai.synaptiq.pipeline.records.ConversationState;
import ai.synaptiq.pipeline.records.LeadState;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Event;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written TabSeparated rows read back, through a real ClickHouse, as exactly what was written. */
class RowsTest {
    private static final List<String> TRICKY = List.of("", "plain", "a\"b", "it's", "'", "\\", "back\\slash", "\\N", "N\\",
            "line\nbreak\r\t", "\ttab first", "last tab\t", "\u0000\u0001\u001f\u007f", "\b\f", "Zoë ✓ 😀 中文 عربى", "ascii\tthen é\tand 😀\\ it's\n", "😀",
            "{\"pageUrl\":\"https://x.test/a?b=1\",\"q\":\"\\\"\"}", "[ 'a', \"b\" ]", "a,b", "end\"", "\\'\\t", "\r\n");

    private static Event event(String account, String id, String text) {
        Event e = new Event();
        e.accountId = account;
        e.eventId = id;
        e.type = "message.sent";
        e.occurredMs = 1772359620123L;
        e.visitorId = text;
        e.conversationId = "c1";
        e.responseTimeMs = 1200.0;
        e.engagementScore = 1.0E-7;
        e.score = null;
        e.estimatedDealSize = 12345678.9;
        e.amount = -0.5;
        e.description = text;
        e.dataJson = text;
        return e;
    }

    private static void insert(LocalClickHouse ch, List<TableRow> rows) {
        StringBuilder body = new StringBuilder();
        for (TableRow r : rows) {
            body.append(r.text()).append('\n');
        }
        byte[] b = body.toString().getBytes(StandardCharsets.UTF_8);
        ch.client().insertTabSeparated(rows.get(0).table, Rows.columns(rows.get(0).table), b, 0, b.length);
    }

    @Test
    void shouldReadTrickyTextBackFromClickHouseExactlyAsWritten() {
        LocalClickHouse ch = LocalClickHouse.shared();
        String acc = "rows_" + System.nanoTime();
        List<TableRow> events = new ArrayList<>();
        List<TableRow> leads = new ArrayList<>();
        for (int i = 0; i < TRICKY.size(); i++) {
            String s = TRICKY.get(i);
            events.add(Rows.event(event(acc, "e" + i, s)));
            LeadState l = new LeadState();
            l.accountId = acc;
            l.leadId = "l" + i;
            l.created = true;
            l.createdMs = 1772359620123L;
            l.lastActivityMs = 1772359620999L;
            l.name = s;
            l.email = s;
            l.score = 42.5;
            l.tags = new ArrayList<>(List.of(s, "x", s + "'" + s));
            Map<String, String> props = new LinkedHashMap<>();
            props.put("k", s);
            l.customProperties = props;
            l.version = i;
            leads.add(Rows.lead(l));
        }
        insert(ch, events);
        insert(ch, leads);
        JsonNode back = ch.client().queryRows("SELECT event_id, visitor_id, description, data, occurred_at, occurred_ms, response_time_ms,"
                + " engagement_score, score, estimated_deal_size, amount FROM synaptiq.events WHERE account_id = '" + acc + "'"
                + " ORDER BY toUInt32(substring(event_id, 2))");
        assertEquals(TRICKY.size(), back.size());
        for (int i = 0; i < TRICKY.size(); i++) {
            JsonNode r = back.get(i);
            String s = TRICKY.get(i);
            assertEquals("e" + i, r.get("event_id").asText());
            assertEquals(s, r.get("visitor_id").asText(), "visitor_id " + i);
            assertEquals(s, r.get("description").asText(), "description " + i);
            assertEquals(s, r.get("data").asText(), "data " + i);
            assertEquals("2026-03-01 10:07:00", r.get("occurred_at").asText());
            assertEquals(1772359620123L, r.get("occurred_ms").asLong());
            assertEquals(1200.0, r.get("response_time_ms").asDouble());
            assertEquals(1.0E-7, r.get("engagement_score").asDouble());
            assertTrue(r.get("score").isNull());
            assertEquals(12345678.9, r.get("estimated_deal_size").asDouble());
            assertEquals(-0.5, r.get("amount").asDouble());
        }
        JsonNode lb = ch.client().queryRows("SELECT lead_id, name, email, tags, custom_properties, created, created_at, score, version"
                + " FROM synaptiq.leads WHERE account_id = '" + acc + "' ORDER BY version");
        assertEquals(TRICKY.size(), lb.size());
        for (int i = 0; i < TRICKY.size(); i++) {
            JsonNode r = lb.get(i);
            String s = TRICKY.get(i);
            assertEquals(s, r.get("name").asText(), "name " + i);
            assertEquals(s, r.get("email").asText(), "email " + i);
            JsonNode tags = r.get("tags");
            assertEquals(3, tags.size(), "tags " + i);
            assertEquals(s, tags.get(0).asText(), "tag " + i);
            assertEquals("x", tags.get(1).asText());
            assertEquals(s + "'" + s, tags.get(2).asText(), "tag " + i);
            assertEquals(Rows.objectOfStrings(Map.of("k", s)), r.get("custom_properties").asText());
            assertEquals(1, r.get("created").asInt());
            assertEquals("2026-03-01 10:07:00", r.get("created_at").asText());
            assertEquals(42.5, r.get("score").asDouble());
        }
    }

    @Test
    void shouldInsertEveryTablesRowsWithItsColumnList() {
        LocalClickHouse ch = LocalClickHouse.shared();
        String acc = "rows_all_" + System.nanoTime();
        ConversationState c = new ConversationState();
        c.accountId = acc;
        c.conversationId = "c\t1";
        c.engagementScore = null;
        c.handoff = true;
        c.version = 3;
        insert(ch, List.of(Rows.conversation(c)));
        Contribution k = new Contribution();
        k.accountId = acc;
        k.bucketStartMs = 1772359200000L;
        k.conversations = 2;
        insert(ch, List.of(Rows.rollup(k, 7)));
        insert(ch, List.of(Rows.activity(event(acc, "a1", "x"), "said \"hi\"\n", "{\"a\":\"\\t\"}")));
        insert(ch, List.of(Rows.deadLetter(1772359620123L, "t", 1, 99, acc, "unparseable", null, "not\tjson\\")));
        String q = " WHERE account_id = '" + acc + "' FORMAT TabSeparated";
        assertEquals("c\\t1\t\\N\t1\t3", ch.client().query("SELECT conversation_id, engagement_score, handoff, version FROM synaptiq.conversations" + q).trim());
        assertEquals("2026-03-01 10:00:00\t2\t7", ch.client().query("SELECT bucket_start, conversations, version FROM synaptiq.overview_rollup" + q).trim());
        JsonNode a = ch.client().queryRows("SELECT description, metadata FROM synaptiq.activity WHERE account_id = '" + acc + "'").get(0);
        assertEquals("said \"hi\"\n", a.get("description").asText());
        assertEquals("{\"a\":\"\\t\"}", a.get("metadata").asText());
        JsonNode d = ch.client().queryRows("SELECT raw, detail, kafka_offset FROM synaptiq.dead_letters WHERE account_id = '" + acc + "'").get(0);
        assertEquals("not\tjson\\", d.get("raw").asText());
        assertEquals("", d.get("detail").asText());
        assertEquals(99, d.get("kafka_offset").asLong());
        TableRow p = Rows.progress(0, -5, 1000);
        assertEquals("0\t0\t1000", p.text());
        assertEquals("(subtask, watermark_ms, updated_ms)", Rows.columns(Tables.PIPELINE_PROGRESS));
    }

    @Test
    void shouldEscapeEveryControlCharacterSoALineStaysOneLine() {
        for (String s : TRICKY) {
            String line = Rows.event(event("acc", "e1", s)).text();
            assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0 && line.indexOf('\0') < 0, line);
            List<String> f = TabSeparatedFields.fields(line);
            assertEquals(Rows.columnNames(Tables.EVENTS).size(), f.size(), line);
            assertEquals(s, f.get(Rows.columnNames(Tables.EVENTS).indexOf("description")));
            assertEquals(null, f.get(Rows.columnNames(Tables.EVENTS).indexOf("score")));
        }
    }

    @Test
    void shouldRefuseAColumnOutOfOrder() {
        TabSeparatedLine n = new TabSeparatedLine(new String[] {"a", "b"}, 16);
        assertThrows(IllegalStateException.class, () -> n.put("b", 1));
        TabSeparatedLine m = new TabSeparatedLine(new String[] {"a", "b"}, 16);
        m.put("a", 1);
        assertThrows(IllegalStateException.class, m::end);
    }

    @Test
    void shouldWriteNonFiniteNumbersAsClickHouseReadsThem() {
        assertEquals("nan -inf 2.5", TabSeparatedLine.number(Double.NaN) + " " + TabSeparatedLine.number(Double.NEGATIVE_INFINITY) + " " + TabSeparatedLine.number(2.5));
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
