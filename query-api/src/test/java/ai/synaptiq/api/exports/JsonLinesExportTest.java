package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON Lines exports (docs/exports.md, "Warehouse loading"): the JSON export's records, one per line, optionally gzip-compressed. */
class JsonLinesExportTest {
    static final String ACCOUNT = "jsonl_" + System.nanoTime();
    static final String EXPORTER = ACCOUNT + "/k_lines/export";
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        RawEvents ev = new RawEvents(ACCOUNT);
        ev.add("visitor.session_started", "2026-03-15T09:20:00Z", e -> e.put("visitorId", "v1").put("channel", "web_chat"));
        ev.add("conversation.started", "2026-03-15T09:22:41Z", e -> e.put("visitorId", "v1").put("conversationId", "c1").put("channel", "web_chat"));
        ev.add("message.sent", "2026-03-15T09:23:05Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("sender", "visitor").put("content", "Line one\nline \"two\""));
        ev.add("lead.created", "2026-03-15T09:25:00Z", e -> e.put("leadId", "lead_j").put("conversationId", "c1").put("visitorId", "v1").put("source", "chat"),
                d -> d.put("score", 82).put("email", "jane@acme.com").put("name", "Jane Smith"));
        ev.add("lead.created", "2026-03-16T10:00:00Z", e -> e.put("leadId", "lead_k").put("source", "form"), d -> d.put("score", 40));
        ev.load();
        api = new ExportApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void shouldWriteTheJsonExportsRecordsOnePerLine() {
        for (String export : List.of("leads", "conversations")) {
            HttpResponse<byte[]> array = api.get("/v1/exports/" + export + "?format=json", EXPORTER);
            HttpResponse<byte[]> lines = api.get("/v1/exports/" + export + "?format=jsonl", EXPORTER);
            assertEquals(200, lines.statusCode(), Requests.text(lines));
            assertEquals("application/x-ndjson", lines.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(lines.headers().firstValue("Content-Disposition").orElseThrow().endsWith(".jsonl\""));
            List<JsonNode> records = new ArrayList<>();
            LeadExportTest.readJson(array.body()).forEach(records::add);
            assertEquals(records, parse(lines.body()), export + ": the same records as the JSON array");
            assertTrue(Requests.text(lines).endsWith("}\n") && !Requests.text(lines).startsWith("["));

            HttpResponse<byte[]> gz = api.get("/v1/exports/" + export + "?format=jsonl.gz", EXPORTER);
            assertEquals("application/gzip", gz.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(gz.headers().firstValue("Content-Disposition").orElseThrow().endsWith(".jsonl.gz\""));
            assertArrayEquals(lines.body(), gunzip(gz.body()), export + ": jsonl.gz is the jsonl file compressed");
        }
        assertEquals(2, parse(api.get("/v1/exports/leads?format=jsonl", EXPORTER).body()).size());
        assertEquals(0, api.get("/v1/exports/leads?format=jsonl&status=converted", EXPORTER).body().length, "no lead, no line");
    }

    @Test
    void shouldWriteTheAnalyticsSeriesOneBucketPerLine() {
        String period = "startDate=2026-03-14&endDate=2026-03-16";
        List<String> csv = Requests.text(api.get("/v1/exports/analytics?format=csv&" + period, EXPORTER)).lines().toList();
        List<JsonNode> lines = parse(api.get("/v1/exports/analytics?format=jsonl&" + period, EXPORTER).body());
        assertEquals(3, lines.size());
        assertEquals(csv.size() - 1, lines.size());
        JsonNode day = lines.get(1);
        assertEquals("2026-03-15", day.get("date").asText());
        assertEquals(1, day.get("total_leads").asInt());
        assertEquals(1, day.get("conversations").asInt());
        assertEquals(1.0, day.get("widget_engagement_rate").asDouble());
        assertTrue(day.get("avg_response_time_ms").isNull());
        assertEquals("all channels, all sources", day.get("segment").asText());
        assertEquals("\"2026-03-15\",1,0,1,0,,,1", csv.get(2), "the CSV row of the same bucket");
        assertEquals("channel slack, all sources",
                parse(api.get("/v1/exports/analytics?format=jsonl&channel=slack&" + period, EXPORTER).body()).get(0).get("segment").asText());
    }

    static List<JsonNode> parse(byte[] body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                out.add(LeadExportTest.readJson(line.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
