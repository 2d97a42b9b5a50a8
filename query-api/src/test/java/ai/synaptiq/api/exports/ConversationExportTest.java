package ai.synaptiq.api.exports;

import ai.synaptiq.api.testing.Requests;
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

class ConversationExportTest {
    static final String ACCOUNT = "conv_export_" + System.nanoTime();
    static final String EXPORTER = ACCOUNT + "/key_exp/export";
    static ExportApi api;

    /**
     * c1: Jane's conversation, the spec's example (qualified, meeting booked, handed off to Sam Lee);
     * c2: an anonymous visitor on Slack, an agent answering without a handoff, never ended;
     * c4: Émile's conversation on WhatsApp; c3: Jane's second conversation, late on 2026-03-18 in New York.
     */
    @BeforeAll
    static void load() throws Exception {
        RawEvents ev = new RawEvents(ACCOUNT);
        ev.add("conversation.started", "2026-03-15T09:22:41Z", e -> e.put("visitorId", "v1").put("conversationId", "c1").put("channel", "web_chat"),
                d -> d.put("pageUrl", "https://yoursite.com/pricing"));
        msg(ev, "c1", "v1", "2026-03-15T09:22:41Z", "ai", "Hi! I noticed you're checking out our pricing page...");
        msg(ev, "c1", "v1", "2026-03-15T09:23:05Z", "visitor", "Yeah, I'm trying to figure out which plan fits a team of 50.");
        ev.add("lead.created", "2026-03-15T09:25:00Z", e -> e.put("leadId", "lead_j").put("conversationId", "c1").put("visitorId", "v1").put("source", "chat"),
                d -> d.put("score", 60).put("email", "jane@acme.com").put("name", "Jane Smith").put("phone", "+1-555-0123"));
        msg(ev, "c1", "v1", "2026-03-15T09:26:10Z", "ai", "Thanks Jane, a few \"quick\" questions, ok?");
        ev.add("conversation.handoff", "2026-03-15T09:27:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"),
                d -> d.put("reason", "pricing question").put("agent", "Sam Lee"));
        ev.add("lead.qualified", "2026-03-15T09:27:33Z", e -> e.put("leadId", "lead_j").put("conversationId", "c1"), d -> {
            d.put("previousStatus", "new").put("newStatus", "qualified").put("estimatedDealSize", 45000);
            d.putObject("scoreChange").put("from", 60).put("to", 82);
        });
        msg(ev, "c1", "v1", "2026-03-15T09:28:00Z", "agent", "Hi Jane, Sam here.");
        ev.add("meeting.booked", "2026-03-15T09:30:00Z", e -> e.put("leadId", "lead_j").put("conversationId", "c1"),
                d -> d.put("meetingAt", "2026-03-20T15:00:00Z").put("provider", "calcom"));
        ev.add("conversation.ended", "2026-03-15T09:31:18Z", e -> e.put("visitorId", "v1").put("conversationId", "c1"), d -> d.put("engagementScore", 88));

        ev.add("conversation.started", "2026-03-16T13:05:00Z", e -> e.put("visitorId", "v2").put("conversationId", "c2").put("channel", "slack"));
        msg(ev, "c2", "v2", "2026-03-16T13:05:10Z", "visitor", "anyone there? 👋");
        msg(ev, "c2", "v2", "2026-03-16T13:05:12Z", "ai", "Yes! How can I help?");
        msg(ev, "c2", "v2", "2026-03-16T13:06:00Z", "agent", "Human here");

        ev.add("lead.created", "2026-03-17T11:59:00Z", e -> e.put("leadId", "lead_k").put("visitorId", "v4").put("source", "chat"),
                d -> d.put("score", 30).put("name", "Émile Zola").put("email", "emile@zola.fr"));
        ev.add("conversation.started", "2026-03-17T12:00:00Z", e -> e.put("visitorId", "v4").put("conversationId", "c4").put("leadId", "lead_k").put("channel", "whatsapp"));
        msg(ev, "c4", "v4", "2026-03-17T12:00:01Z", "ai", "Bonjour");
        msg(ev, "c4", "v4", "2026-03-17T12:00:30Z", "visitor", "Salut");

        ev.add("conversation.started", "2026-03-19T02:30:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c3").put("leadId", "lead_j").put("channel", "web_chat"));
        msg(ev, "c3", "v1", "2026-03-19T02:31:00Z", "visitor", "Back again, with a comma, and \"quotes\"");
        ev.add("conversation.ended", "2026-03-19T02:40:00Z", e -> e.put("visitorId", "v1").put("conversationId", "c3"));
        ev.load();
        api = new ExportApi();
    }

    static void msg(RawEvents ev, String conversation, String visitor, String at, String sender, String content) {
        ev.add("message.sent", at, e -> e.put("visitorId", visitor).put("conversationId", conversation), d -> {
            d.put("sender", sender).put("content", content);
            if (sender.equals("ai")) {
                d.put("responseTimeMs", 900);
            }
        });
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static ObjectNode expectedC1() {
        ObjectNode c = RawEvents.JSON.createObjectNode();
        c.put("conversation_id", "c1").put("lead_id", "lead_j").put("lead_email", "jane@acme.com")
                .put("started_at", "2026-03-15T09:22:41Z").put("ended_at", "2026-03-15T09:31:18Z").put("duration_seconds", 517)
                .put("message_count", 4).put("qualification_triggered", true).put("meeting_booked", true);
        ArrayNode m = c.putArray("messages");
        m.addObject().put("sender", "ai").put("content", "Hi! I noticed you're checking out our pricing page...").put("timestamp", "2026-03-15T09:22:41Z");
        m.addObject().put("sender", "visitor").put("content", "Yeah, I'm trying to figure out which plan fits a team of 50.").put("timestamp", "2026-03-15T09:23:05Z");
        m.addObject().put("sender", "ai").put("content", "Thanks Jane, a few \"quick\" questions, ok?").put("timestamp", "2026-03-15T09:26:10Z");
        m.addObject().put("sender", "agent").put("content", "Hi Jane, Sam here.").put("timestamp", "2026-03-15T09:28:00Z");
        ArrayNode e = c.putArray("events");
        e.addObject().put("type", "conversation.started").put("timestamp", "2026-03-15T09:22:41Z").put("channel", "web_chat").put("page_url", "https://yoursite.com/pricing");
        e.addObject().put("type", "lead.created").put("timestamp", "2026-03-15T09:25:00Z").put("score", 60).put("source", "chat");
        e.addObject().put("type", "conversation.handoff").put("timestamp", "2026-03-15T09:27:00Z").put("reason", "pricing question").put("agent", "Sam Lee");
        e.addObject().put("type", "qualification_check").put("timestamp", "2026-03-15T09:27:33Z").put("result", "qualified").put("score", 82)
                .put("previous_status", "new").put("estimated_deal_size", 45000);
        e.addObject().put("type", "meeting.booked").put("timestamp", "2026-03-15T09:30:00Z").put("meeting_at", "2026-03-20T15:00:00Z").put("provider", "calcom");
        e.addObject().put("type", "conversation.ended").put("timestamp", "2026-03-15T09:31:18Z").put("engagement_score", 88);
        return c;
    }

    @Test
    void shouldExportOneConversationAsTheSpecsJson() {
        HttpResponse<byte[]> r = api.get("/v1/exports/conversations?conversationId=c1", EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals("application/json;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertEquals(new String(ExpectedFiles.jsonArray(List.of(expectedC1())), StandardCharsets.UTF_8), Requests.text(r));
    }

    @Test
    void shouldExportEveryConversationInStartOrderWithNullsForWhatIsUnknown() {
        ObjectNode c2 = RawEvents.JSON.createObjectNode();
        c2.put("conversation_id", "c2").putNull("lead_id").putNull("lead_email").put("started_at", "2026-03-16T13:05:00Z")
                .putNull("ended_at").putNull("duration_seconds").put("message_count", 3).put("qualification_triggered", false).put("meeting_booked", false);
        ArrayNode m = c2.putArray("messages");
        m.addObject().put("sender", "visitor").put("content", "anyone there? 👋").put("timestamp", "2026-03-16T13:05:10Z");
        m.addObject().put("sender", "ai").put("content", "Yes! How can I help?").put("timestamp", "2026-03-16T13:05:12Z");
        m.addObject().put("sender", "agent").put("content", "Human here").put("timestamp", "2026-03-16T13:06:00Z");
        c2.putArray("events").addObject().put("type", "conversation.started").put("timestamp", "2026-03-16T13:05:00Z").put("channel", "slack");

        HttpResponse<byte[]> r = api.get("/v1/exports/conversations?format=json", EXPORTER);
        JsonNode all = LeadExportTest.readJson(r.body());
        assertEquals(List.of("c1", "c2", "c4", "c3"), ids(all));
        assertEquals(expectedC1(), all.get(0));
        assertEquals(c2, all.get(1));
        assertEquals("emile@zola.fr", all.get(2).get("lead_email").asText());
        assertEquals(600, all.get(3).get("duration_seconds").asInt());
    }

    @Test
    void shouldFilterByLeadChannelDatesAndSelection() {
        assertEquals(List.of("c1", "c3"), jsonIds("leadId=lead_j"));
        assertEquals(List.of("c2"), jsonIds("channel=slack"));
        assertEquals(List.of("c1", "c4", "c3"), jsonIds("channel=web_chat,whatsapp"));
        assertEquals(List.of("c2", "c4"), jsonIds("startDate=2026-03-16&endDate=2026-03-18"));
        assertEquals(List.of("c2", "c4", "c3"), jsonIds("startDate=2026-03-16&endDate=2026-03-18&timezone=America/New_York"));
        assertEquals(List.of("c3"), jsonIds("leadId=lead_j&startDate=2026-03-16"));
        assertEquals(List.of("c1", "c4"), jsonIds("conversationId=c4,c1"));
    }

    @Test
    void shouldWriteOneConversationAsAPlainTranscript() {
        HttpResponse<byte[]> r = api.get("/v1/exports/conversations?conversationId=c1&format=txt", EXPORTER);
        assertEquals(200, r.statusCode(), Requests.text(r));
        assertEquals("text/plain;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "").toLowerCase());
        assertEquals("""
                [09:22 AM] Synaptiq: Hi! I noticed you're checking out our pricing page...
                [09:23 AM] Jane: Yeah, I'm trying to figure out which plan fits a team of 50.
                [09:26 AM] Synaptiq: Thanks Jane, a few "quick" questions, ok?
                [09:28 AM] Sam Lee: Hi Jane, Sam here.
                """, Requests.text(r));
    }

    @Test
    void shouldShowTranscriptTimesInTheRequestedTimezone() {
        HttpResponse<byte[]> r = api.get("/v1/exports/conversations?conversationId=c1&format=txt&timezone=America/New_York", EXPORTER);
        assertTrue(Requests.text(r).startsWith("[05:22 AM] Synaptiq: Hi!"), Requests.text(r));
        HttpResponse<byte[]> kolkata = api.get("/v1/exports/conversations?conversationId=c1&format=txt&timezone=Asia/Kolkata", EXPORTER);
        assertTrue(Requests.text(kolkata).startsWith("[02:52 PM] Synaptiq: Hi!"), Requests.text(kolkata));
    }

    @Test
    void shouldHeadEachConversationOfAManyConversationTranscript() {
        HttpResponse<byte[]> lead = api.get("/v1/exports/conversations?leadId=lead_j&format=txt", EXPORTER);
        assertEquals("""
                --- Conversation c1, started 2026-03-15 09:22 AM (UTC) ---
                [09:22 AM] Synaptiq: Hi! I noticed you're checking out our pricing page...
                [09:23 AM] Jane: Yeah, I'm trying to figure out which plan fits a team of 50.
                [09:26 AM] Synaptiq: Thanks Jane, a few "quick" questions, ok?
                [09:28 AM] Sam Lee: Hi Jane, Sam here.

                --- Conversation c3, started 2026-03-19 02:30 AM (UTC) ---
                [02:31 AM] Jane: Back again, with a comma, and "quotes"

                """, Requests.text(lead));
        HttpResponse<byte[]> anonymous = api.get("/v1/exports/conversations?channel=slack,whatsapp&format=txt", EXPORTER);
        assertEquals("""
                --- Conversation c2, started 2026-03-16 01:05 PM (UTC) ---
                [01:05 PM] Visitor: anyone there? 👋
                [01:05 PM] Synaptiq: Yes! How can I help?
                [01:06 PM] Agent: Human here

                --- Conversation c4, started 2026-03-17 12:00 PM (UTC) ---
                [12:00 PM] Synaptiq: Bonjour
                [12:00 PM] Émile: Salut

                """, Requests.text(anonymous));
    }

    @Test
    void shouldRefuseBadParametersAndViewers() {
        for (String q : List.of("format=csv", "format=pdf", "channel=fax", "conversationId=bad%20id", "status=new", "timezone=Nowhere")) {
            HttpResponse<byte[]> r = api.get("/v1/exports/conversations?" + q, EXPORTER);
            assertEquals(400, r.statusCode(), q);
            assertEquals("invalid_request", LeadExportTest.readJson(r.body()).get("error").asText(), q);
        }
        HttpResponse<byte[]> viewer = api.get("/v1/exports/conversations", ACCOUNT + "/v/viewer");
        assertEquals(403, viewer.statusCode());
        assertEquals("forbidden", LeadExportTest.readJson(viewer.body()).get("error").asText());
    }

    private static List<String> jsonIds(String query) {
        HttpResponse<byte[]> r = api.get("/v1/exports/conversations?" + query, EXPORTER);
        assertEquals(200, r.statusCode(), query + ": " + Requests.text(r));
        return ids(LeadExportTest.readJson(r.body()));
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("conversation_id").asText()));
        return ids;
    }
}
