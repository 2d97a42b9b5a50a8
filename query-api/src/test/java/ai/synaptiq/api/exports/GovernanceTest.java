package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GovernanceTest {
    static final String RESTRICTED = "gov_restrict_" + System.nanoTime();
    static final String AUDITED = "gov_audit_" + System.nanoTime();
    static final String ERASED = "gov_erase_" + System.nanoTime();
    static ExportApi api;

    /** Each account holds the same two leads with a conversation each; the erasure account has a third lead to erase. */
    @BeforeAll
    static void load() throws Exception {
        RawEvents restricted = people(new RawEvents(RESTRICTED));
        RawEvents audited = people(new RawEvents(AUDITED));
        RawEvents erased = people(new RawEvents(ERASED));
        erased.add("visitor.session_started", "2026-03-03T08:00:00Z", e -> e.put("visitorId", "ve").put("channel", "web_chat"));
        erased.add("conversation.started", "2026-03-03T08:01:00Z", e -> e.put("visitorId", "ve").put("conversationId", "ce1").put("channel", "web_chat"));
        erased.add("message.sent", "2026-03-03T08:01:10Z", e -> e.put("visitorId", "ve").put("conversationId", "ce1"),
                d -> d.put("sender", "visitor").put("content", "I am Erin, call me on +44 7700 900123"));
        erased.add("lead.created", "2026-03-03T08:02:00Z", e -> e.put("leadId", "lead_erin").put("visitorId", "ve").put("conversationId", "ce1").put("source", "chat"),
                d -> d.put("score", 75).put("name", "Erin Erased").put("email", "erin@private.io").put("phone", "+44 7700 900123"));
        erased.add("lead.qualified", "2026-03-03T08:03:00Z", e -> e.put("leadId", "lead_erin").put("conversationId", "ce1"), d -> d.put("previousStatus", "new").put("newStatus", "qualified"));
        erased.add("conversation.started", "2026-03-04T09:00:00Z", e -> e.put("visitorId", "ve").put("conversationId", "ce2").put("leadId", "lead_erin").put("channel", "web_chat"));
        erased.add("message.sent", "2026-03-04T09:00:05Z", e -> e.put("visitorId", "ve").put("conversationId", "ce2"), d -> d.put("sender", "visitor").put("content", "Erin again"));
        erased.raw("{\"eventId\":\"bad1\",\"type\":\"lead.exploded\",\"accountId\":\"" + ERASED + "\",\"occurredAt\":\"2026-03-04T09:10:00Z\",\"leadId\":\"lead_erin\",\"data\":{\"email\":\"erin@private.io\"}}");
        RawEvents.loadAll(restricted, audited, erased);
        api = new ExportApi();
    }

    static RawEvents people(RawEvents ev) {
        ev.add("conversation.started", "2026-03-01T10:00:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c1").put("channel", "web_chat"));
        ev.add("message.sent", "2026-03-01T10:00:05Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("sender", "ai").put("content", "Hello there").put("responseTimeMs", 500));
        ev.add("lead.created", "2026-03-01T10:01:00Z", e -> e.put("leadId", "lead_jo").put("visitorId", "v1").put("conversationId", "c1").put("source", "chat"), d -> {
            d.put("score", 64).put("name", "Jo Roe").put("email", "jo@roe.com").put("phone", "+1-555-0100").put("company", "\rCarriage Co");
            d.putObject("customProperties").put("budget", "$10k").put("size", "50");
        });
        ev.add("message.sent", "2026-03-01T10:01:30Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("sender", "visitor").put("content", "My number is +1-555-0100"));
        ev.add("lead.created", "2026-03-02T11:00:00Z", e -> e.put("leadId", "lead_max").put("source", "form"),
                d -> d.put("score", 20).put("name", "Max Moe").put("email", "max@moe.com"));
        return ev;
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void shouldRedactRestrictedFieldsInEveryFormat() throws Exception {
        String admin = RESTRICTED + "/k_admin/admin";
        HttpResponse<byte[]> put = api.put("/v1/exports/field-restrictions", admin,
                "{\"fields\":[\"phone\",\"email\",\"custom_budget\",\"message_content\",\"name\"]}");
        assertEquals(200, put.statusCode(), Requests.text(put));
        assertEquals(List.of("custom_budget", "email", "message_content", "name", "phone"),
                texts(LeadExportTest.readJson(put.body()).get("fields")));

        String csv = Requests.text(api.get("/v1/exports/leads", admin));
        assertTrue(csv.contains("\"lead_jo\",\"[REDACTED]\",\"[REDACTED]\",\"[REDACTED]\",\"'\rCarriage Co\",\"new\",64,"), csv);
        assertTrue(csv.contains(",\"[REDACTED]\",\"50\"\r\n"), csv);
        assertFalse(csv.contains("jo@roe.com") || csv.contains("555-0100") || csv.contains("$10k") || csv.contains("Jo Roe"), csv);

        JsonNode json = LeadExportTest.readJson(api.get("/v1/exports/leads?format=json", admin).body());
        assertEquals("[REDACTED]", json.get(0).get("email").asText());
        assertEquals("[REDACTED]", json.get(0).get("phone").asText());
        assertEquals("[REDACTED]", json.get(0).get("custom_properties").get("budget").asText());
        assertEquals("50", json.get(0).get("custom_properties").get("size").asText());
        assertEquals("\rCarriage Co", json.get(0).get("company").asText(), "JSON is not a spreadsheet: no formula guard");

        JsonNode conversations = LeadExportTest.readJson(api.get("/v1/exports/conversations", admin).body());
        assertEquals("[REDACTED]", conversations.get(0).get("lead_email").asText());
        conversations.get(0).get("messages").forEach(m -> assertEquals("[REDACTED]", m.get("content").asText()));
        assertEquals("""
                [10:00 AM] Synaptiq: [REDACTED]
                [10:01 AM] [REDACTED]: [REDACTED]
                """, Requests.text(api.get("/v1/exports/conversations?conversationId=c1&format=txt", admin)));

        try (PDDocument pdf = Loader.loadPDF(api.get("/v1/exports/analytics?format=pdf&startDate=2026-03-01&endDate=2026-03-05", admin).body())) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("1 [REDACTED] [REDACTED]") && text.contains("Carriage Co 64 new"), text);
            assertFalse(text.contains("Jo Roe") || text.contains("jo@roe.com"), text);
        }
    }

    @Test
    void shouldLetOnlyAdminsSetRestrictionsAndExportersReadThem() {
        String account = "gov_roles_" + System.nanoTime();
        assertEquals(403, api.put("/v1/exports/field-restrictions", account + "/k/export", "{\"fields\":[]}").statusCode());
        assertEquals(403, api.get("/v1/exports/field-restrictions", account + "/k/viewer").statusCode());
        HttpResponse<byte[]> unknown = api.put("/v1/exports/field-restrictions", account + "/k/admin", "{\"fields\":[\"ssn\"]}");
        assertEquals(400, unknown.statusCode());
        assertTrue(LeadExportTest.readJson(unknown.body()).get("message").asText().contains("ssn"));
        assertEquals(200, api.put("/v1/exports/field-restrictions", account + "/k/admin", "{\"fields\":\"tags,phone\"}").statusCode());
        JsonNode read = LeadExportTest.readJson(api.get("/v1/exports/field-restrictions", account + "/k/export").body());
        assertEquals(List.of("phone", "tags"), texts(read.get("fields")));
        assertTrue(texts(read.get("restrictable")).contains("message_content"));
    }

    @Test
    void shouldAuditEveryExportForAdminsOnly() {
        String exporter = AUDITED + "/k_exporter/export";
        String admin = AUDITED + "/k_admin/admin";
        assertEquals(200, api.get("/v1/exports/leads?status=new&minScore=10", exporter).statusCode());
        assertEquals(200, api.get("/v1/exports/conversations?format=txt&leadId=lead_jo", exporter).statusCode());
        assertEquals(200, api.get("/v1/exports/analytics?startDate=2026-03-01&endDate=2026-03-03", admin).statusCode());
        assertEquals(400, api.get("/v1/exports/leads?status=bogus", exporter).statusCode());

        HttpResponse<byte[]> r = api.get("/v1/exports/audit-log", admin);
        assertEquals(200, r.statusCode(), Requests.text(r));
        JsonNode log = LeadExportTest.readJson(r.body());
        assertEquals(3, log.get("pagination").get("total").asInt(), "a refused request exported nothing");
        JsonNode analytics = log.get("data").get(0);
        JsonNode conversations = log.get("data").get(1);
        JsonNode leads = log.get("data").get(2);
        assertEquals("analytics", analytics.get("dataType").asText());
        assertEquals("k_admin", analytics.get("keyId").asText());
        assertEquals(3, analytics.get("recordCount").asInt());
        assertEquals("2026-03-01", analytics.get("filters").get("startDate").asText());
        assertEquals("txt", conversations.get("format").asText());
        assertEquals(1, conversations.get("recordCount").asInt());
        assertEquals("lead_jo", conversations.get("filters").get("leadId").get(0).asText());
        assertEquals("leads", leads.get("dataType").asText());
        assertEquals("csv", leads.get("format").asText());
        assertEquals("k_exporter", leads.get("keyId").asText());
        assertEquals("export", leads.get("action").asText());
        assertEquals("manual", leads.get("origin").asText());
        assertEquals("completed", leads.get("status").asText());
        assertEquals(2, leads.get("recordCount").asInt());
        assertEquals("new", leads.get("filters").get("status").get(0).asText());
        assertEquals(10, leads.get("filters").get("minScore").asInt());
        assertTrue(leads.get("occurredAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));

        JsonNode page2 = LeadExportTest.readJson(api.get("/v1/exports/audit-log?limit=2&page=2", admin).body());
        assertEquals(1, page2.get("data").size());
        assertFalse(page2.get("pagination").get("hasMore").asBoolean());
        assertEquals(2, page2.get("pagination").get("totalPages").asInt());
        assertEquals(403, api.get("/v1/exports/audit-log", exporter).statusCode());
        assertEquals(403, api.get("/v1/exports/audit-log", AUDITED + "/k/viewer").statusCode());
        assertEquals(400, api.get("/v1/exports/audit-log?limit=500", admin).statusCode());
    }

    @Test
    void shouldEraseALeadEverywhereAndKeepItOutOfLaterExports() {
        String admin = ERASED + "/k_dpo/admin";
        assertEquals(List.of("lead_jo", "lead_max", "lead_erin"), leadIds(admin));
        assertTrue(count("synaptiq.dead_letters", "account_id = '" + ERASED + "'") > 0);
        assertEquals(403, api.delete("/v1/leads/lead_erin", ERASED + "/k/export").statusCode());
        assertEquals(404, api.delete("/v1/leads/lead_nobody", admin).statusCode());

        HttpResponse<byte[]> r = api.delete("/v1/leads/lead_erin", admin);
        assertEquals(200, r.statusCode(), Requests.text(r));
        JsonNode receipt = LeadExportTest.readJson(r.body());
        assertEquals("completed", receipt.get("status").asText());
        assertEquals("lead_erin", receipt.get("leadId").asText());
        assertTrue(receipt.get("erasureId").asText().startsWith("era_"));
        assertEquals("k_dpo", receipt.get("requestedBy").asText());
        assertEquals(List.of("ce1", "ce2"), texts(receipt.get("conversationIds")));
        assertEquals(List.of("ve"), texts(receipt.get("visitorIds")));
        JsonNode removed = receipt.get("removed");
        assertEquals(7, removed.get("events").asInt(), "the session, 2 starts and 2 messages of its visitor and conversations, created, qualified");
        assertEquals(1, removed.get("leads").asInt());
        assertEquals(2, removed.get("conversations").asInt());
        assertEquals(1, removed.get("deadLetters").asInt());
        assertEquals(4, removed.get("activity").asInt(), "2 conversation starts, created, qualified");

        String erin = "account_id = '" + ERASED + "' AND (lead_id = 'lead_erin' OR conversation_id IN ('ce1', 'ce2'))";
        assertEquals(0, count("synaptiq.events", erin + " OR account_id = '" + ERASED + "' AND visitor_id = 've'"));
        assertEquals(0, count("synaptiq.leads", "account_id = '" + ERASED + "' AND lead_id = 'lead_erin'"));
        assertEquals(0, count("synaptiq.conversations", erin));
        assertEquals(0, count("synaptiq.activity", erin));
        assertEquals(0, count("synaptiq.dead_letters", "account_id = '" + ERASED + "'"));
        assertEquals(2, count("synaptiq.leads", "account_id = '" + ERASED + "'"), "the other leads stay");

        assertEquals(List.of("lead_jo", "lead_max"), leadIds(admin));
        assertEquals(List.of("c1"), conversationIds(admin));

        // A late event written after the erasure must not bring the lead back into exports.
        api.clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, email, name, version) VALUES ('"
                + ERASED + "', 'lead_erin', 1, 1772524920000, 'erin@private.io', 'Erin Erased', 99)");
        api.clickHouse.execute("INSERT INTO synaptiq.conversations (account_id, conversation_id, lead_id, started_ms, version) VALUES ('"
                + ERASED + "', 'ce2', '', 1772614800000, 99)");
        assertEquals(List.of("lead_jo", "lead_max"), leadIds(admin));
        assertEquals(List.of("c1"), conversationIds(admin));
        assertFalse(Requests.text(api.get("/v1/exports/leads?format=json", admin)).contains("erin"));

        HttpResponse<byte[]> again = api.delete("/v1/leads/lead_erin", admin);
        assertEquals(200, again.statusCode());
        assertEquals(receipt.get("erasureId"), LeadExportTest.readJson(again.body()).get("erasureId"), "asking again returns the same receipt");

        JsonNode audit = LeadExportTest.readJson(api.get("/v1/exports/audit-log?action=erasure", admin).body()).get("data");
        assertEquals(1, audit.size());
        assertEquals("k_dpo", audit.get(0).get("keyId").asText());
        assertEquals(receipt.get("erasureId").asText(), audit.get(0).get("filters").get("erasureId").asText(), "the audit log names the erasure, not the lead");
        assertEquals(sum(removed), audit.get(0).get("recordCount").asInt());

        JsonNode notes = LeadExportTest.readJson(api.get("/v1/notifications", admin).body()).get("data");
        assertEquals("erasure_completed", notes.get(0).get("kind").asText());
        assertEquals(receipt.get("notificationId").asText(), notes.get(0).get("id").asText());
        assertTrue(notes.get(0).get("message").asText().contains(receipt.get("erasureId").asText()));
        assertFalse(notes.get(0).get("message").asText().contains("lead_erin"));
    }

    private static int sum(JsonNode removed) {
        int n = 0;
        for (JsonNode v : removed) {
            n += v.asInt();
        }
        return n;
    }

    private static List<String> leadIds(String caller) {
        List<String> ids = new ArrayList<>();
        LeadExportTest.readJson(api.get("/v1/exports/leads?format=json", caller).body()).forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private static List<String> conversationIds(String caller) {
        List<String> ids = new ArrayList<>();
        LeadExportTest.readJson(api.get("/v1/exports/conversations", caller).body()).forEach(n -> ids.add(n.get("conversation_id").asText()));
        return ids;
    }

    private static long count(String table, String where) {
        return Long.parseLong(api.clickHouse.query("SELECT count() FROM " + table + " FINAL WHERE " + where + " FORMAT TabSeparated").trim());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
