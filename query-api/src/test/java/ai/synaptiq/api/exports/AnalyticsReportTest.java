package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static ai.synaptiq.api.exports.ExpectedFiles.Num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.testing.ReferenceAnalytics;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalyticsReportTest {
    static final String ACCOUNT = "report_" + System.nanoTime();
    static final String EXPORTER = ACCOUNT + "/key_exp/export";
    /** An account whose visitors come by several channels and whose leads have several sources, for segments. */
    static final String SEGMENTED = "report_segments_" + System.nanoTime();
    static final String SEGMENT_EXPORTER = SEGMENTED + "/key_seg/export";
    static final List<Object> HEADER = List.of("date", "total_leads", "qualified_leads", "conversations", "conversion_rate",
            "avg_response_time_ms", "engagement_score", "widget_engagement_rate");
    static ExportApi api;
    /** The figures of both accounts, computed from the raw lines by the test oracle. */
    static ReferenceAnalytics reference;

    /**
     * 2026-03-01: visitors v1 (twice) and v2, conversations c1, c2, AI response times 900, 1200, 3000,
     * lead l1 created and qualified, engagement 80 and 65. 2026-03-02: v3, c3, times 700 and 1000, lead l2,
     * an ending without a score. 2026-03-04 23:30Z (03-05 in Kolkata): v4, c4. 2026-03-08: v5, c5, time
     * 400, lead l3 qualified, booked, converted. 2026-03-14: v6 only. Previous fortnight: v0, c0, l0.
     */
    @BeforeAll
    static void load() throws Exception {
        RawEvents ev = new RawEvents(ACCOUNT);
        session(ev, "v0", "2026-02-20T08:00:00Z");
        conversation(ev, "c0", "v0", "2026-02-20T08:01:00Z");
        lead(ev, "l0", "c0", "2026-02-20T08:05:00Z", 10, "Old Lead");

        session(ev, "v1", "2026-03-01T10:00:00Z");
        conversation(ev, "c1", "v1", "2026-03-01T10:01:00Z");
        ai(ev, "c1", "v1", "2026-03-01T10:01:05Z", 900);
        ai(ev, "c1", "v1", "2026-03-01T10:02:00Z", 1200);
        lead(ev, "l1", "c1", "2026-03-01T10:05:00Z", 50, "Ann Lee");
        ev.add("lead.qualified", "2026-03-01T10:30:00Z", e -> e.put("leadId", "l1"), d -> d.put("previousStatus", "new").put("newStatus", "qualified"));
        ended(ev, "c1", "v1", "2026-03-01T10:40:00Z", 80);
        session(ev, "v2", "2026-03-01T11:00:00Z");
        conversation(ev, "c2", "v2", "2026-03-01T11:01:00Z");
        ai(ev, "c2", "v2", "2026-03-01T11:02:00Z", 3000);
        ev.add("message.sent", "2026-03-01T11:03:00Z", e -> e.put("visitorId", "v2").put("conversationId", "c2"), d -> d.put("sender", "visitor").put("content", "hi"));
        ended(ev, "c2", "v2", "2026-03-01T11:30:00Z", 65);
        session(ev, "v1", "2026-03-01T15:00:00Z");

        session(ev, "v3", "2026-03-02T09:00:00Z");
        conversation(ev, "c3", "v3", "2026-03-02T09:01:00Z");
        ai(ev, "c3", "v3", "2026-03-02T09:02:00Z", 700);
        ai(ev, "c3", "v3", "2026-03-02T09:03:00Z", 1000);
        lead(ev, "l2", "c3", "2026-03-02T09:10:00Z", 90, "Bo Chen");
        ended(ev, "c3", "v3", "2026-03-02T09:20:00Z", null);

        session(ev, "v4", "2026-03-04T23:29:00Z");
        conversation(ev, "c4", "v4", "2026-03-04T23:30:00Z");

        session(ev, "v5", "2026-03-08T11:59:00Z");
        conversation(ev, "c5", "v5", "2026-03-08T12:00:00Z");
        ai(ev, "c5", "v5", "2026-03-08T12:00:10Z", 400);
        lead(ev, "l3", "c5", "2026-03-08T12:01:00Z", 70, "Émilie Dubois");
        ev.add("lead.qualified", "2026-03-08T12:05:00Z", e -> e.put("leadId", "l3"), d -> d.put("previousStatus", "new").put("newStatus", "qualified").put("estimatedDealSize", 5000));
        ev.add("meeting.booked", "2026-03-08T12:06:00Z", e -> e.put("leadId", "l3"), d -> d.put("provider", "calendly"));
        ev.add("conversion.completed", "2026-03-08T12:30:00Z", e -> e.put("leadId", "l3"), d -> d.put("amount", 1200));
        session(ev, "v6", "2026-03-14T18:00:00Z");
        RawEvents seg = segmentedAccount();
        RawEvents.loadAll(ev, seg);
        List<String> lines = new ArrayList<>(ev.lines());
        lines.addAll(seg.lines());
        reference = new ReferenceAnalytics(lines);
        api = new ExportApi();
    }

    /**
     * 2026-03-02: a web_chat visitor whose conversation makes a chat lead, qualified, AI times 500 and
     * 700, engagement 90; a whatsapp visitor whose conversation makes a form lead, AI time 300,
     * engagement 40. 2026-03-03: a whatsapp visitor whose conversation carries no channel of its own,
     * AI time 1000; a form lead created by API without a conversation. 2026-03-04: a slack visitor.
     */
    static RawEvents segmentedAccount() {
        RawEvents ev = new RawEvents(SEGMENTED);
        ev.add("visitor.session_started", "2026-03-02T10:00:00Z", e -> e.put("visitorId", "v10").put("channel", "web_chat"));
        ev.add("conversation.started", "2026-03-02T10:01:00Z", e -> e.put("visitorId", "v10").put("conversationId", "c10").put("channel", "web_chat"));
        ai(ev, "c10", "v10", "2026-03-02T10:02:00Z", 500);
        ai(ev, "c10", "v10", "2026-03-02T10:03:00Z", 700);
        ev.add("lead.created", "2026-03-02T10:04:00Z", e -> e.put("leadId", "l10").put("conversationId", "c10").put("source", "chat"),
                d -> d.put("score", 60).put("name", "Chat Lead").put("email", "l10@example.com").put("company", "Chat Co"));
        ev.add("lead.qualified", "2026-03-02T10:05:00Z", e -> e.put("leadId", "l10"), d -> d.put("previousStatus", "new").put("newStatus", "qualified"));
        ended(ev, "c10", "v10", "2026-03-02T10:10:00Z", 90);
        ev.add("visitor.session_started", "2026-03-02T11:00:00Z", e -> e.put("visitorId", "v11").put("channel", "whatsapp"));
        ev.add("conversation.started", "2026-03-02T11:01:00Z", e -> e.put("visitorId", "v11").put("conversationId", "c11").put("channel", "whatsapp"));
        ai(ev, "c11", "v11", "2026-03-02T11:02:00Z", 300);
        ev.add("lead.created", "2026-03-02T11:04:00Z", e -> e.put("leadId", "l11").put("conversationId", "c11").put("source", "form"),
                d -> d.put("score", 80).put("name", "Form Lead").put("email", "l11@example.com").put("company", "Form Co"));
        ended(ev, "c11", "v11", "2026-03-02T11:10:00Z", 40);
        ev.add("visitor.session_started", "2026-03-03T09:00:00Z", e -> e.put("visitorId", "v12").put("channel", "whatsapp"));
        ev.add("conversation.started", "2026-03-03T09:01:00Z", e -> e.put("visitorId", "v12").put("conversationId", "c12"));
        ai(ev, "c12", "v12", "2026-03-03T09:02:00Z", 1000);
        ev.add("lead.created", "2026-03-03T12:00:00Z", e -> e.put("leadId", "l13").put("channel", "api").put("source", "form"),
                d -> d.put("score", 30).put("name", "Api Lead").put("email", "l13@example.com").put("company", "Api Co"));
        ev.add("visitor.session_started", "2026-03-04T09:00:00Z", e -> e.put("visitorId", "v14").put("channel", "slack"));
        return ev;
    }

    static void session(RawEvents ev, String visitor, String at) {
        ev.add("visitor.session_started", at, e -> e.put("visitorId", visitor).put("channel", "web_chat"));
    }

    static void conversation(RawEvents ev, String conversation, String visitor, String at) {
        ev.add("conversation.started", at, e -> e.put("visitorId", visitor).put("conversationId", conversation).put("channel", "web_chat"));
    }

    static void ai(RawEvents ev, String conversation, String visitor, String at, int responseMs) {
        ev.add("message.sent", at, e -> e.put("visitorId", visitor).put("conversationId", conversation),
                d -> d.put("sender", "ai").put("content", "...").put("responseTimeMs", responseMs));
    }

    static void lead(RawEvents ev, String lead, String conversation, String at, int score, String name) {
        ev.add("lead.created", at, e -> e.put("leadId", lead).put("conversationId", conversation).put("source", "chat"),
                d -> d.put("score", score).put("name", name).put("email", lead + "@example.com").put("company", "Co " + lead));
    }

    static void ended(RawEvents ev, String conversation, String visitor, String at, Integer engagement) {
        ev.add("conversation.ended", at, e -> e.put("visitorId", visitor).put("conversationId", conversation), d -> {
            if (engagement != null) {
                d.put("engagementScore", engagement);
            }
        });
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static List<Object> row(String date, int leads, int qualified, int conversations, String rate, String responseMs, String engagement, String widget) {
        return List.of(date, new Num(Integer.toString(leads)), new Num(Integer.toString(qualified)), new Num(Integer.toString(conversations)),
                new Num(rate), new Num(responseMs), new Num(engagement), new Num(widget));
    }

    @Test
    void shouldWriteOneRowPerDayByteForByte() {
        byte[] expected = ExpectedFiles.csv(List.of(HEADER,
                row("2026-03-01", 1, 1, 2, "0.5", "1200", "72.5", "1"),
                row("2026-03-02", 1, 0, 1, "0", "850", "", "1"),
                row("2026-03-03", 0, 0, 0, "0", "", "", "0"),
                row("2026-03-04", 0, 0, 1, "0", "", "", "1"),
                row("2026-03-05", 0, 0, 0, "0", "", "", "0"),
                row("2026-03-06", 0, 0, 0, "0", "", "", "0"),
                row("2026-03-07", 0, 0, 0, "0", "", "", "0")));
        HttpResponse<byte[]> r = api.get("/v1/exports/analytics?startDate=2026-03-01&endDate=2026-03-07", EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals("text/csv;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertEquals(new String(expected, StandardCharsets.UTF_8), Requests.text(r));
        assertArrayEquals(expected, r.body());
    }

    @Test
    void shouldCutWeeksFromTheStartDateAndTakeTheMedianOfEachWeek() {
        byte[] expected = ExpectedFiles.csv(List.of(HEADER,
                row("2026-03-01", 2, 1, 4, "0.25", "1000", "72.5", "1"),
                row("2026-03-08", 1, 1, 1, "1", "400", "", "0.5"),
                row("2026-03-15", 0, 0, 0, "0", "", "", "0")));
        HttpResponse<byte[]> r = api.get("/v1/exports/analytics?format=csv&startDate=2026-03-01&endDate=2026-03-16&granularity=week", EXPORTER);
        assertEquals(new String(expected, StandardCharsets.UTF_8), Requests.text(r));
    }

    @Test
    void shouldClipMonthsToThePeriod() {
        byte[] expected = ExpectedFiles.csv(List.of(HEADER,
                row("2026-02-20", 1, 0, 1, "0", "", "", "1"),
                row("2026-03-01", 2, 1, 4, "0.25", "1000", "72.5", "1")));
        HttpResponse<byte[]> r = api.get("/v1/exports/analytics?startDate=2026-02-20&endDate=2026-03-07&granularity=month", EXPORTER);
        assertEquals(new String(expected, StandardCharsets.UTF_8), Requests.text(r));
    }

    @Test
    void shouldCountEachEventOnItsDayInTheRequestedTimezone() {
        byte[] expected = ExpectedFiles.csv(List.of(HEADER,
                row("2026-03-04", 0, 0, 0, "0", "", "", "0"),
                row("2026-03-05", 0, 0, 1, "0", "", "", "1")));
        HttpResponse<byte[]> r = api.get("/v1/exports/analytics?startDate=2026-03-04&endDate=2026-03-05&timezone=Asia/Kolkata", EXPORTER);
        assertEquals(new String(expected, StandardCharsets.UTF_8), Requests.text(r));
    }

    @Test
    void shouldDefaultToTheLast30DaysAndToday() {
        String text = Requests.text(api.get("/v1/exports/analytics", EXPORTER));
        String[] lines = text.split("\r\n");
        assertEquals(32, lines.length);
        assertTrue(lines[31].startsWith("\"" + LocalDate.now(ZoneOffset.UTC) + "\""), lines[31]);
    }

    @Test
    void shouldRefuseLongPeriodsAndUnknownGranularities() {
        HttpResponse<byte[]> tooLong = api.get("/v1/exports/analytics?startDate=2025-01-01&endDate=2026-01-01", EXPORTER);
        assertEquals(422, tooLong.statusCode());
        assertEquals("unprocessable", LeadExportTest.readJson(tooLong.body()).get("error").asText());
        assertEquals(200, api.get("/v1/exports/analytics?startDate=2025-01-02&endDate=2026-01-01", EXPORTER).statusCode());
        for (String q : List.of("granularity=hour", "format=json", "startDate=2026-03-05&endDate=2026-03-01", "status=new",
                "format=CSV", "granularity=Week", "granularity=%20week", "timezone=%20UTC", "granularity=week&granularity=week")) {
            assertEquals(400, api.get("/v1/exports/analytics?" + q, EXPORTER).statusCode(), q);
        }
        assertEquals(403, api.get("/v1/exports/analytics", ACCOUNT + "/v/viewer").statusCode());
    }

    /** The report's rows as the test oracle computes them from the raw events, written as the CSV must be. */
    static String expectedCsv(String account, String start, String end, String granularity, String channel, String source, String zone) {
        List<List<Object>> rows = new ArrayList<>();
        if (channel != null || source != null) {
            rows.add(List.of("segment", (channel == null ? "all channels" : "channel " + channel) + ", "
                    + (source == null ? "all sources" : "source " + source)));
        }
        rows.add(HEADER);
        for (ReferenceAnalytics.ReportBucket b : reference.report(account, LocalDate.parse(start), LocalDate.parse(end), granularity, channel,
                source, ZoneId.of(zone))) {
            rows.add(List.of(b.start().toString(), new Num(Long.toString(b.leads())), new Num(Long.toString(b.qualified())),
                    new Num(Long.toString(b.conversations())), new Num(ratio(b.qualified(), b.conversations())), new Num(oneDecimal(b.medianResponseMs())),
                    new Num(oneDecimal(b.engagementScore())), new Num(ratio(b.conversations(), b.visitors()))));
        }
        return new String(ExpectedFiles.csv(rows), StandardCharsets.UTF_8);
    }

    static String ratio(long part, long whole) {
        return whole == 0 ? "0" : plain(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP));
    }

    static String oneDecimal(BigDecimal v) {
        return v == null ? "" : plain(v.setScale(1, RoundingMode.HALF_UP));
    }

    static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    @ParameterizedTest(name = "{0} {1}..{2} by {3} in {6}, channel {4}, source {5}")
    @CsvSource(nullValues = "-", value = {
        "main, 2026-03-01, 2026-03-14, day, -, -, UTC",
        "main, 2026-02-15, 2026-03-16, week, -, -, UTC",
        "main, 2026-02-01, 2026-03-31, month, -, -, Asia/Kolkata",
        "main, 2026-03-01, 2026-03-10, day, web_chat, chat, America/St_Johns",
        "segmented, 2026-03-01, 2026-03-05, day, -, -, UTC",
        "segmented, 2026-03-01, 2026-03-05, day, whatsapp, -, UTC",
        "segmented, 2026-03-01, 2026-03-05, day, web_chat, -, UTC",
        "segmented, 2026-03-01, 2026-03-05, week, api, -, UTC",
        "segmented, 2026-03-01, 2026-03-05, day, -, form, UTC",
        "segmented, 2026-03-01, 2026-03-05, week, whatsapp, form, Europe/Berlin",
        "segmented, 2026-03-01, 2026-03-05, day, slack, -, UTC"})
    void shouldMatchTheReferenceModel(String which, String start, String end, String granularity, String channel, String source, String zone) {
        boolean main = which.equals("main");
        String query = "/v1/exports/analytics?startDate=" + start + "&endDate=" + end + "&granularity=" + granularity + "&timezone=" + zone
                + (channel == null ? "" : "&channel=" + channel) + (source == null ? "" : "&source=" + source);
        HttpResponse<byte[]> r = api.get(query, main ? EXPORTER : SEGMENT_EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals(expectedCsv(main ? ACCOUNT : SEGMENTED, start, end, granularity, channel, source, zone), Requests.text(r));
    }

    @Test
    void shouldTakeASegmentInABodyAndRefuseUnknownChannelsAndSources() {
        HttpResponse<byte[]> posted = api.post("/v1/exports/analytics", SEGMENT_EXPORTER,
                "{\"startDate\":\"2026-03-01\",\"endDate\":\"2026-03-05\",\"channel\":\"whatsapp\",\"source\":\"form\"}");
        assertEquals(200, posted.statusCode(), Requests.text(posted));
        assertEquals(expectedCsv(SEGMENTED, "2026-03-01", "2026-03-05", "day", "whatsapp", "form", "UTC"), Requests.text(posted));
        for (String q : List.of("channel=email", "source=web", "channel=", "channel=whatsapp&channel=slack", "channel=WhatsApp")) {
            HttpResponse<byte[]> refused = api.get("/v1/exports/analytics?" + q, SEGMENT_EXPORTER);
            assertEquals(400, refused.statusCode(), q);
            String parameter = q.substring(0, q.indexOf('='));
            assertTrue(LeadExportTest.readJson(refused.body()).get("message").asText().contains(parameter), q + ": " + Requests.text(refused));
        }
    }

    @Test
    void shouldNameTheSegmentOfAPdfAndCountOnlyIt() throws Exception {
        ReferenceAnalytics.ReportBucket now = reference.reportBucket(SEGMENTED, LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-05"),
                "whatsapp", null, ZoneOffset.UTC);
        HttpResponse<byte[]> r = api.get("/v1/exports/analytics?format=pdf&startDate=2026-03-01&endDate=2026-03-05&channel=whatsapp", SEGMENT_EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        String text = pdfText(r.body());
        assertTrue(text.contains("Segment: channel whatsapp, all sources"), text);
        assertTrue(text.contains("Conversations " + now.conversations() + " 0 n/a"), text);
        assertTrue(text.contains("Leads captured " + now.leads() + " 0 n/a"), text);
        assertTrue(text.contains("Median AI response time " + oneDecimal(now.medianResponseMs()) + " ms n/a n/a"), text);
        assertTrue(text.contains("Engagement score " + oneDecimal(now.engagementScore()) + " n/a n/a"), text);
        assertTrue(text.contains("Form Lead"), text);
        assertFalse(text.contains("Chat Lead") || text.contains("Api Lead"), "top leads are those of the segment: " + text);

        String all = pdfText(api.get("/v1/exports/analytics?format=pdf&startDate=2026-03-01&endDate=2026-03-05", SEGMENT_EXPORTER).body());
        assertTrue(all.contains("Segment: all channels, all sources"), all);
        assertTrue(all.contains("Chat Lead") && all.contains("Api Lead") && all.contains("Form Lead"), all);
    }

    @Test
    void shouldKeepTheSegmentOfAScheduledReport() {
        assertEquals(400, api.post("/v1/exports/schedules", SEGMENT_EXPORTER, schedule("email")).statusCode(), "channel is checked when stored");
        String id = ScheduledExportTest.json(api.post("/v1/exports/schedules", SEGMENT_EXPORTER, schedule("whatsapp"))).get("id").asText();
        assertEquals(202, api.post("/v1/exports/schedules/" + id + "/run", SEGMENT_EXPORTER, "").statusCode());
        JsonNode[] run = new JsonNode[1];
        ScheduledExportTest.await(() -> {
            JsonNode runs = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id + "/runs", SEGMENT_EXPORTER)).get("data");
            run[0] = runs.size() == 0 ? null : runs.get(0);
            return run[0] != null && !run[0].get("download").isNull();
        }, () -> String.valueOf(run[0]));
        String file = Requests.text(api.get(run[0].get("download").asText(), SEGMENT_EXPORTER));
        JsonNode period = run[0].get("period");
        assertEquals(expectedCsv(SEGMENTED, period.get("startDate").asText(), period.get("endDate").asText(), "day", "whatsapp", "form", "UTC"), file);
    }

    /** A daily CSV report of a segment, mailed (no mail server here: the file stays downloadable). */
    static String schedule(String channel) {
        return "{\"dataType\":\"analytics\",\"format\":\"csv\",\"filters\":{\"channel\":\"" + channel + "\",\"source\":\"form\"},"
                + "\"frequency\":\"daily\",\"time\":\"07:00\",\"destinations\":[{\"type\":\"email\",\"to\":[\"team@example.com\"]}]}";
    }

    static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }

    @Test
    void shouldWriteABrandedPdfWithFiguresChartsTopLeadsAndAnnotations() throws Exception {
        String account = ACCOUNT;
        assertEquals(200, api.put("/v1/exports/branding", EXPORTER, "{\"companyName\":\"Acme\",\"primaryColor\":\"#0B7285\","
                + "\"accentColor\":\"#F59F00\",\"logoPng\":\"" + logoPng(new Color(0xFF6600)) + "\"}").statusCode());
        assertEquals(201, api.post("/v1/analytics/annotations", EXPORTER, "{\"date\":\"2026-03-10\",\"text\":\"Launched new landing page\"}").statusCode());
        assertEquals(201, api.post("/v1/analytics/annotations", EXPORTER, "{\"date\":\"2026-04-10\",\"text\":\"Outside the period\"}").statusCode());
        String gone = LeadExportTest.readJson(api.post("/v1/analytics/annotations", EXPORTER, "{\"date\":\"2026-03-11\",\"text\":\"Deleted note\"}").body()).get("id").asText();
        assertEquals(204, api.delete("/v1/analytics/annotations/" + gone, EXPORTER).statusCode());

        HttpResponse<byte[]> r = api.get("/v1/exports/analytics?format=pdf&startDate=2026-03-01&endDate=2026-03-14", account + "/key_exp/admin");
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().endsWith(".pdf\""));
        String text;
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            assertTrue(pdf.getNumberOfPages() >= 2);
            text = new PDFTextStripper().getText(pdf);
        }
        assertTrue(text.contains("Acme Analytics Report"), text);
        assertTrue(text.contains("2026-03-01 to 2026-03-14 (UTC), by day"), text);
        assertTrue(text.contains("Previous period: 2026-02-15 to 2026-02-28"), text);
        assertTrue(text.contains("Conversations 5 1 +400.0%"), text);
        assertTrue(text.contains("Leads captured 3 1 +200.0%"), text);
        assertTrue(text.contains("Qualified leads 2 0 n/a"), text);
        assertTrue(text.contains("Conversion rate 40.00% 0.00% n/a"), text);
        assertTrue(text.contains("Median AI response time 950 ms n/a n/a"), text);
        assertTrue(text.contains("Engagement score 72.5 n/a n/a"), text);
        assertTrue(text.contains("Segment: all channels, all sources"), text);
        assertTrue(text.contains("Conversion funnel"), text);
        assertTrue(text.contains("Trends by day"), text);
        assertTrue(text.indexOf("Bo Chen") < text.indexOf("Émilie Dubois") && text.indexOf("Émilie Dubois") < text.indexOf("Ann Lee"), text);
        assertFalse(text.contains("Old Lead"), "top leads are those created in the period");
        assertTrue(text.contains("2026-03-10 — Launched new landing page"), text);
        assertFalse(text.contains("Outside the period"));
        assertFalse(text.contains("Deleted note"));

        BufferedImage page1 = renderFirstPage(r.body());
        int inked = 0;
        int brand = 0;
        int logo = 0;
        for (int y = 0; y < page1.getHeight(); y++) {
            for (int x = 0; x < page1.getWidth(); x++) {
                Color c = new Color(page1.getRGB(x, y));
                inked += c.getRed() + c.getGreen() + c.getBlue() < 720 ? 1 : 0;
                brand += near(c, new Color(0x0B7285)) ? 1 : 0;
                logo += near(c, new Color(0xFF6600)) ? 1 : 0;
            }
        }
        int pixels = page1.getWidth() * page1.getHeight();
        assertTrue(inked > pixels / 50, "page 1 is not blank: " + inked + " of " + pixels + " pixels inked");
        assertTrue(brand > 300, "the primary color draws the funnel and title: " + brand);
        assertTrue(logo > 100, "the logo is on page 1: " + logo);
    }

    @Test
    void shouldKeepAnnotationsPerAccountAndLetViewersOnlyRead() {
        String account = "annotations_" + System.nanoTime();
        HttpResponse<byte[]> created = api.post("/v1/analytics/annotations", account + "/k1/export", "{\"date\":\"2026-03-10\",\"text\":\"Price change\"}");
        assertEquals(201, created.statusCode(), Requests.text(created));
        JsonNode a = LeadExportTest.readJson(created.body());
        assertTrue(a.get("id").asText().startsWith("ann_"));
        assertEquals("2026-03-10", a.get("date").asText());
        assertEquals("k1", a.get("createdBy").asText());

        JsonNode listed = LeadExportTest.readJson(api.get("/v1/analytics/annotations", account + "/k2/viewer").body());
        assertEquals(1, listed.get("data").size());
        assertEquals("Price change", listed.get("data").get(0).get("text").asText());
        assertEquals(0, LeadExportTest.readJson(api.get("/v1/analytics/annotations?startDate=2026-03-11", account + "/k2/viewer").body()).get("data").size());
        assertEquals(0, LeadExportTest.readJson(api.get("/v1/analytics/annotations", "other_" + System.nanoTime() + "/k/admin").body()).get("data").size());

        assertEquals(403, api.post("/v1/analytics/annotations", account + "/k2/viewer", "{\"date\":\"2026-03-10\",\"text\":\"x\"}").statusCode());
        assertEquals(403, api.delete("/v1/analytics/annotations/" + a.get("id").asText(), account + "/k2/viewer").statusCode());
        assertEquals(400, api.post("/v1/analytics/annotations", account + "/k1/export", "{\"date\":\"10/03/2026\",\"text\":\"x\"}").statusCode());
        assertEquals(400, api.post("/v1/analytics/annotations", account + "/k1/export", "{\"date\":\"2026-03-10\",\"text\":\"  \"}").statusCode());
        assertEquals(404, api.delete("/v1/analytics/annotations/" + a.get("id").asText(), "other_" + System.nanoTime() + "/k/admin").statusCode());
        assertEquals(204, api.delete("/v1/analytics/annotations/" + a.get("id").asText(), account + "/k1/admin").statusCode());
        assertEquals(404, api.delete("/v1/analytics/annotations/" + a.get("id").asText(), account + "/k1/admin").statusCode());
        assertEquals(0, LeadExportTest.readJson(api.get("/v1/analytics/annotations", account + "/k2/viewer").body()).get("data").size());
    }

    @Test
    void shouldValidateAndKeepBranding() throws Exception {
        String caller = "branding_" + System.nanoTime() + "/k/export";
        JsonNode dflt = LeadExportTest.readJson(api.get("/v1/exports/branding", caller).body());
        assertEquals("#4F46E5", dflt.get("primaryColor").asText());
        assertTrue(dflt.get("logoPng").isNull());
        assertEquals(400, api.put("/v1/exports/branding", caller, "{\"primaryColor\":\"red\"}").statusCode());
        assertEquals(400, api.put("/v1/exports/branding", caller, "{\"logoPng\":\"" + Base64.getEncoder().encodeToString("GIF89a".getBytes()) + "\"}").statusCode());
        assertEquals(400, api.put("/v1/exports/branding", caller, "{\"font\":\"Comic Sans\"}").statusCode());
        String logo = logoPng(Color.BLUE);
        assertEquals(200, api.put("/v1/exports/branding", caller, "{\"companyName\":\"Zoë & Co\",\"primaryColor\":\"#112233\",\"logoPng\":\"" + logo + "\"}").statusCode());
        JsonNode kept = LeadExportTest.readJson(api.get("/v1/exports/branding", caller).body());
        assertEquals("Zoë & Co", kept.get("companyName").asText());
        assertEquals("#112233", kept.get("primaryColor").asText());
        assertEquals("#10B981", kept.get("accentColor").asText());
        assertEquals(logo, kept.get("logoPng").asText());
        assertEquals(403, api.put("/v1/exports/branding", caller.replace("/export", "/viewer"), "{}").statusCode());
    }

    static String logoPng(Color color) throws Exception {
        BufferedImage img = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 300, 100);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    /** Page 1 rendered by poppler's pdftoppm, an implementation independent of the one that wrote it. */
    static BufferedImage renderFirstPage(byte[] pdf) throws Exception {
        Path dir = Files.createTempDirectory("report-pdf-");
        Path file = dir.resolve("report.pdf");
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", file.toString(),
                dir.resolve("page1").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return ImageIO.read(dir.resolve("page1.png").toFile());
    }

    static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen()) + Math.abs(a.getBlue() - b.getBlue()) < 40;
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\r\n")));
    }
}
