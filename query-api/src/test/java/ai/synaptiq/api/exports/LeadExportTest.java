package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static ai.synaptiq.api.exports.ExpectedFiles.Num;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LeadExportTest {
    static final String ACCOUNT = "lead_export_" + System.nanoTime();
    static final String EXPORTER = ACCOUNT + "/key_exp/export";
    static ExportApi api;

    /**
     * Four leads (one with two later updates, one only ever updated so never created), three
     * conversations. Arrival order is the list order.
     */
    @BeforeAll
    static void load() throws Exception {
        RawEvents ev = new RawEvents(ACCOUNT);
        // lead_a: created in conversation c1, score 40 -> 82, qualified in c1.
        ev.add("conversation.started", "2026-03-02T09:10:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c1").put("channel", "web_chat"));
        ev.add("message.sent", "2026-03-02T09:10:05Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("sender", "ai").put("content", "Hi! I noticed you're checking out our pricing page...").put("responseTimeMs", 800));
        ev.add("message.sent", "2026-03-02T09:11:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("sender", "visitor").put("content", "Yeah, I'm trying to figure out which plan fits a team of 50."));
        ev.add("lead.created", "2026-03-02T09:15:30Z", e -> e.put("leadId", "lead_a").put("conversationId", "c1").put("visitorId", "v1").put("source", "chat"), d -> {
            d.put("score", 40).put("email", "jane@acme.com").put("name", "Jane Smith").put("phone", "+1-555-0123")
                    .put("company", "Acme, \"The Best\" Inc.").put("sourceUrl", "https://yoursite.com/pricing").put("assignedTo", "alex@yourteam.com");
            d.putArray("tags").add("webinar").add("enterprise");
            d.putObject("customProperties").put("company_size", "50-200").put("budget", "$10k-$50k");
        });
        ev.add("message.sent", "2026-03-02T09:16:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("sender", "ai").put("content", "Great, let me book you a demo").put("responseTimeMs", 1200));
        ev.add("conversation.ended", "2026-03-02T09:20:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"), d -> d.put("engagementScore", 72));
        ev.add("lead.score_changed", "2026-03-03T10:00:00Z", e -> e.put("leadId", "lead_a"), d -> d.put("from", 40).put("to", 82));
        ev.add("lead.qualified", "2026-03-03T10:05:00Z", e -> e.put("leadId", "lead_a").put("conversationId", "c1").put("visitorId", "v1"),
                d -> d.put("previousStatus", "new").put("newStatus", "qualified"));
        // lead_b: unicode everywhere, no phone, no conversation; an update merges custom properties.
        ev.add("lead.created", "2026-03-05T14:00:00Z", e -> e.put("leadId", "lead_b").put("source", "form"), d -> {
            d.put("score", 55).put("email", "zoe@例え.jp").put("name", "Zoë Ångström-李").put("company", "Müller & Söhne GmbH");
            d.putArray("tags").add("partner");
            d.putObject("customProperties").put("region", "EMEA");
        });
        ev.add("lead.updated", "2026-03-06T08:00:00Z", e -> e.put("leadId", "lead_b"), d -> {
            d.put("company", "Müller, Söhne & Co");
            d.putArray("tags").add("partner").add("vip");
            d.putObject("customProperties").put("budget", "=1+1");
        });
        // lead_c: every text that a spreadsheet would run as a formula; later disqualified.
        ev.add("lead.created", "2026-03-10T11:00:00Z", e -> e.put("leadId", "lead_c").put("source", "import"), d -> d.put("score", 10)
                .put("email", "@attacker").put("name", "=HYPERLINK(\"http://evil\",\"x\")").put("company", "-minus corp")
                .put("phone", "+44 20 7946 0958").put("assignedTo", "\tTabbed"));
        ev.add("lead.updated", "2026-03-10T12:00:00Z", e -> e.put("leadId", "lead_c"), d -> d.put("status", "disqualified"));
        // lead_d: created late on 2026-03-20 UTC (2026-03-21 in Berlin), two conversations, qualified with a new score.
        ev.add("conversation.started", "2026-03-20T23:00:00Z", e -> e.put("visitorId", "v4").put("conversationId", "c2").put("channel", "whatsapp"));
        ev.add("message.sent", "2026-03-20T23:01:00Z", e -> e.put("visitorId", "v4").put("conversationId", "c2"),
                d -> d.put("sender", "visitor").put("content", "hello, \"quoted\" text"));
        ev.add("lead.created", "2026-03-20T23:30:00Z", e -> e.put("leadId", "lead_d").put("conversationId", "c2").put("visitorId", "v4").put("source", "chat"),
                d -> d.put("score", 90).put("email", "d@x.io").put("name", "Line\nBreak").put("company", "Multi\r\nLine Ltd"));
        ev.add("message.sent", "2026-03-20T23:31:00Z", e -> e.put("visitorId", "v4").put("conversationId", "c2"),
                d -> d.put("sender", "ai").put("content", "Noted.").put("responseTimeMs", 500));
        ev.add("conversation.started", "2026-03-21T01:00:00Z", e -> e.put("visitorId", "v4").put("conversationId", "c3").put("leadId", "lead_d").put("channel", "whatsapp"));
        ev.add("message.sent", "2026-03-21T01:02:00Z", e -> e.put("visitorId", "v4").put("conversationId", "c3"),
                d -> d.put("sender", "visitor").put("content", "é ü 中文"));
        ev.add("lead.qualified", "2026-03-21T02:00:00Z", e -> e.put("leadId", "lead_d"), d -> {
            d.put("previousStatus", "new").put("newStatus", "qualified");
            d.putObject("scoreChange").put("from", 90).put("to", 95);
        });
        // lead_e: updated but never created, so not a lead.
        ev.add("lead.updated", "2026-03-11T12:00:00Z", e -> e.put("leadId", "lead_e"), d -> d.put("name", "Ghost"));
        ev.load();
        api = new ExportApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static List<List<Object>> expectedRows() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("id", "email", "name", "phone", "company", "status", "score", "source_url", "created_at",
                "last_activity_at", "tags", "assigned_to", "custom_budget", "custom_company_size", "custom_region"));
        rows.add(List.of("lead_a", "jane@acme.com", "Jane Smith", "+1-555-0123", "Acme, \"The Best\" Inc.", "qualified", new Num("82"),
                "https://yoursite.com/pricing", "2026-03-02T09:15:30Z", "2026-03-03T10:05:00Z", "webinar,enterprise",
                "alex@yourteam.com", "$10k-$50k", "50-200", ""));
        rows.add(List.of("lead_b", "zoe@例え.jp", "Zoë Ångström-李", "", "Müller, Söhne & Co", "new", new Num("55"), "",
                "2026-03-05T14:00:00Z", "2026-03-06T08:00:00Z", "partner,vip", "", "=1+1", "", "EMEA"));
        rows.add(List.of("lead_c", "@attacker", "=HYPERLINK(\"http://evil\",\"x\")", "+44 20 7946 0958", "-minus corp", "disqualified",
                new Num("10"), "", "2026-03-10T11:00:00Z", "2026-03-10T12:00:00Z", "", "\tTabbed", "", "", ""));
        rows.add(List.of("lead_d", "d@x.io", "Line\nBreak", "", "Multi\r\nLine Ltd", "qualified", new Num("95"), "",
                "2026-03-20T23:30:00Z", "2026-03-21T02:00:00Z", "", "", "", "", ""));
        return rows;
    }

    @Test
    void shouldWriteTheSpecsCsvByteForByte() {
        HttpResponse<byte[]> r = api.get("/v1/exports/leads?format=csv", EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals("text/csv;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertTrue(r.headers().firstValue("Content-Disposition").orElseThrow().matches("attachment; filename=\"synaptiq-leads-\\d{8}-\\d{6}\\.csv\""));
        assertEquals((byte) 0xEF, r.body()[0]);
        assertEquals(new String(ExpectedFiles.csv(expectedRows()), StandardCharsets.UTF_8), Requests.text(r));
        assertArrayEquals(ExpectedFiles.csv(expectedRows()), r.body());
    }

    @Test
    void shouldBeCsvByDefault() {
        assertArrayEquals(ExpectedFiles.csv(expectedRows()), api.get("/v1/exports/leads", EXPORTER).body());
    }

    @Test
    void shouldWriteTheSpecsJsonByteForByte() {
        List<ObjectNode> leads = new ArrayList<>();
        ObjectNode a = lead("lead_a", "jane@acme.com", "Jane Smith", "+1-555-0123", "Acme, \"The Best\" Inc.", "qualified", 82,
                "https://yoursite.com/pricing", "2026-03-02T09:15:30Z", "2026-03-03T10:05:00Z", "alex@yourteam.com", "webinar", "enterprise");
        a.putObject("custom_properties").put("budget", "$10k-$50k").put("company_size", "50-200");
        a.putArray("conversations").addObject().put("id", "c1").put("started_at", "2026-03-02T09:10:00Z").put("message_count", 3);
        leads.add(a);
        ObjectNode b = lead("lead_b", "zoe@例え.jp", "Zoë Ångström-李", null, "Müller, Söhne & Co", "new", 55, null,
                "2026-03-05T14:00:00Z", "2026-03-06T08:00:00Z", null, "partner", "vip");
        b.putObject("custom_properties").put("budget", "=1+1").put("region", "EMEA");
        b.putArray("conversations");
        leads.add(b);
        ObjectNode c = lead("lead_c", "@attacker", "=HYPERLINK(\"http://evil\",\"x\")", "+44 20 7946 0958", "-minus corp", "disqualified", 10,
                null, "2026-03-10T11:00:00Z", "2026-03-10T12:00:00Z", "\tTabbed");
        c.putObject("custom_properties");
        c.putArray("conversations");
        leads.add(c);
        ObjectNode d = lead("lead_d", "d@x.io", "Line\nBreak", null, "Multi\r\nLine Ltd", "qualified", 95, null,
                "2026-03-20T23:30:00Z", "2026-03-21T02:00:00Z", null);
        d.putObject("custom_properties");
        ArrayNode dc = d.putArray("conversations");
        dc.addObject().put("id", "c2").put("started_at", "2026-03-20T23:00:00Z").put("message_count", 2);
        dc.addObject().put("id", "c3").put("started_at", "2026-03-21T01:00:00Z").put("message_count", 1);
        leads.add(d);

        HttpResponse<byte[]> r = api.get("/v1/exports/leads?format=json", EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals("application/json;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertEquals(new String(ExpectedFiles.jsonArray(leads), StandardCharsets.UTF_8), Requests.text(r));
    }

    static ObjectNode lead(String id, String email, String name, String phone, String company, String status, int score,
            String sourceUrl, String createdAt, String lastActivityAt, String assignedTo, String... tags) {
        ObjectNode n = RawEvents.JSON.createObjectNode();
        n.put("id", id).put("email", email).put("name", name).put("phone", phone).put("company", company).put("status", status)
                .put("score", score).put("source_url", sourceUrl).put("created_at", createdAt).put("last_activity_at", lastActivityAt);
        ArrayNode t = n.putArray("tags");
        for (String tag : tags) {
            t.add(tag);
        }
        n.put("assigned_to", assignedTo);
        return n;
    }

    @Test
    void shouldFilterByStatusDatesScoreTagsAndSelection() {
        assertEquals(List.of("lead_a", "lead_d"), csvIds("status=qualified"));
        assertEquals(List.of("lead_a", "lead_c", "lead_d"), csvIds("status=qualified,disqualified"));
        assertEquals(List.of("lead_a", "lead_c", "lead_d"), csvIds("status=qualified&status=disqualified"));
        assertEquals(List.of("lead_b", "lead_c"), csvIds("startDate=2026-03-05&endDate=2026-03-10"));
        assertEquals(List.of(), csvIds("startDate=2026-03-21"));
        assertEquals(List.of("lead_d"), csvIds("startDate=2026-03-21&timezone=Europe/Berlin"));
        assertEquals(List.of("lead_a", "lead_b"), csvIds("minScore=50&maxScore=90"));
        assertEquals(List.of("lead_a", "lead_b"), csvIds("tags=vip,enterprise"));
        assertEquals(List.of("lead_a"), csvIds("status=qualified&tags=enterprise"));
        assertEquals(List.of("lead_a", "lead_c"), csvIds("leadId=lead_c,lead_a"));
        assertEquals(List.of("lead_c"), csvIds("leadId=lead_c&status=new"), "a selection replaces the filters");
    }

    @Test
    void shouldTakeTheFiltersAsAJsonBodyToo() {
        HttpResponse<byte[]> r = api.post("/v1/exports/leads", EXPORTER, "{\"format\":\"json\",\"status\":[\"qualified\"],\"minScore\":90}");
        assertEquals(200, r.statusCode(), Requests.text(r));
        List<String> ids = new ArrayList<>();
        readJson(r.body()).forEach(n -> ids.add(n.get("id").asText()));
        assertEquals(List.of("lead_d"), ids);
    }

    @Test
    void shouldRefuseBadParametersWith400() {
        for (String q : List.of("format=xml", "status=bogus", "statuses=new", "startDate=2026-13-01", "startDate=2026-03-10&endDate=2026-03-01",
                "minScore=abc", "maxScore=101", "minScore=60&maxScore=50", "leadId=bad%20id", "timezone=Mars/Olympus")) {
            HttpResponse<byte[]> r = api.get("/v1/exports/leads?" + q, EXPORTER);
            assertEquals(400, r.statusCode(), q);
            JsonNode body = readJson(r.body());
            assertEquals("invalid_request", body.get("error").asText(), q);
            assertTrue(body.get("message").asText().length() > 10, q);
        }
    }

    @Test
    void shouldLetOnlyAdminAndExportRolesExport() {
        assertEquals(200, api.get("/v1/exports/leads", ACCOUNT + "/key_admin/admin").statusCode());
        HttpResponse<byte[]> viewer = api.get("/v1/exports/leads", ACCOUNT + "/key_view/viewer");
        assertEquals(403, viewer.statusCode());
        assertEquals("forbidden", readJson(viewer.body()).get("error").asText());
        assertTrue(readJson(viewer.body()).get("message").asText().contains("admin or export"));
        HttpResponse<byte[]> anonymous = api.get("/v1/exports/leads", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals("unauthorized", readJson(anonymous.body()).get("error").asText());
    }

    @Test
    void shouldSeeOnlyTheCallersAccount() {
        HttpResponse<byte[]> r = api.get("/v1/exports/leads?format=json", "someone_else_" + System.nanoTime() + "/k/admin");
        assertEquals("[]\n", Requests.text(r));
    }

    private static List<String> csvIds(String query) {
        HttpResponse<byte[]> r = api.get("/v1/exports/leads?" + query, EXPORTER);
        assertEquals(200, r.statusCode(), query + ": " + Requests.text(r));
        String text = Requests.text(r);
        List<String> ids = new ArrayList<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("\"lead_")) {
                ids.add(line.substring(1, line.indexOf('"', 1)));
            }
        }
        return ids;
    }

    static JsonNode readJson(byte[] body) {
        try {
            return RawEvents.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(new String(body, StandardCharsets.UTF_8), e);
        }
    }
}
