package ai.synaptiq.api;

import ai.synaptiq.api.testing.Requests;
import static ai.synaptiq.api.testing.Requests.text;
import static ai.synaptiq.api.testing.Requests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.exports.ExportsServerTest;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure leaves nothing behind (issue 10, item 8), on the real server and ClickHouse: dead letters
 * that name an erased id go whatever account they claimed, the activity feed hides an erased lead
 * from the moment its tombstone is written (before any mutation ran, and after late rows arrive),
 * activity metadata shows no personal field at any depth, and the audit log keeps no erased id.
 * Rows are written straight into the tables, as the pipeline would have written them.
 */
class ErasureTest {
    static final String ACCOUNT = "erasure_" + System.nanoTime();
    static final String TOPIC = "erasure_test_" + System.nanoTime();
    static final String ACTIVITY = "/v1/analytics/activity?startDate=2026-03-01&endDate=2026-03-10&limit=100";
    static ClickHouseClient clickHouse;
    static ApiServer server;
    static String admin;
    static String viewer;

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.shared().client();
        server = ExportsServerTest.startServer("--rate-limit", "off");
        admin = ExportsServerTest.newKey(ACCOUNT, Role.ADMIN);
        viewer = ExportsServerTest.newKey(ACCOUNT, Role.VIEWER);
        String a = Sql.quote(ACCOUNT);
        clickHouse.execute("INSERT INTO synaptiq.leads (account_id, lead_id, created, created_ms, created_at, email, name, status, score,"
                + " visitor_id, conversation_id, version) VALUES"
                + " (" + a + ", 'lead_zed', 1, 1772532161000, toDateTime(1772532161), 'zed@private.io', 'Zed Erased', 'new', 75, 'vz', 'cz1', 1),"
                + " (" + a + ", 'lead_kim', 1, 1772618561000, toDateTime(1772618561), 'kim@x.io', 'Kim', 'new', 10, 'vk', 'ck1', 1),"
                + " (" + a + ", 'lead_pat', 1, 1772704961000, toDateTime(1772704961), 'pat@x.io', 'Pat', 'new', 20, 'vp', 'cp1', 1)");
        clickHouse.execute("INSERT INTO synaptiq.events (account_id, event_id, type, occurred_at, occurred_ms, visitor_id, conversation_id,"
                + " lead_id, channel, source, sender, description, data) VALUES"
                + " (" + a + ", 'ev_z0', 'conversation.started', toDateTime(1772532100), 1772532100000, 'vz', 'cz1', '', 'web_chat', '', '', '', '{}'),"
                + " (" + a + ", 'ev_z1', 'lead.created', toDateTime(1772532161), 1772532161000, 'vz', 'cz1', 'lead_zed', 'web_chat', 'chat', '', '', '{}')");
        clickHouse.execute("INSERT INTO synaptiq.activity (account_id, occurred_at, occurred_ms, event_id, type, lead_id, conversation_id,"
                + " description, metadata) VALUES"
                + " (" + a + ", toDateTime(1772532100), 1772532100000, 'ev_z0', 'conversation.started', '', 'cz1', 'New conversation started.', '{}'),"
                + " (" + a + ", toDateTime(1772532161), 1772532161000, 'ev_z1', 'lead.created', 'lead_zed', 'cz1', 'New lead captured.', '{\"score\":75}'),"
                + " (" + a + ", toDateTime(1772618561), 1772618561000, 'ev_k1', 'conversation.handoff', 'lead_kim', 'ck1', 'Handed off.',"
                + " '{\"reason\":\"pricing\",\"visitor\":{\"name\":\"Kim\",\"Email\":\"kim@x.io\",\"plan\":\"pro\"},\"contacts\":[{\"phone_number\":\"+1 555\"}]}'),"
                + " (" + a + ", toDateTime(1772704961), 1772704961000, 'ev_p1', 'lead.created', 'lead_pat', 'cp1', 'New lead captured.', '{\"score\":20}')");
        // Dead letters naming lead_zed or its conversation, claiming this account, no account or a misspelt one; one naming a longer id.
        clickHouse.execute("INSERT INTO synaptiq.dead_letters (received_at, received_ms, topic, kafka_partition, kafka_offset, account_id, reason,"
                + " detail, raw) VALUES"
                + deadLetter(1, ACCOUNT, "{\"accountId\":\"" + ACCOUNT + "\",\"type\":\"lead.exploded\",\"leadId\":\"lead_zed\",\"data\":{\"email\":\"zed@private.io\"}}") + ","
                + deadLetter(2, "", "not json: lead_zed zed@private.io") + ","
                + deadLetter(3, ACCOUNT + "_typo", "{\"accountId\":\"" + ACCOUNT + "_typo\",\"leadId\":\"lead_zed\",\"data\":{\"name\":\"Zed Erased\"}}") + ","
                + deadLetter(4, ACCOUNT, "{\"accountId\":\"" + ACCOUNT + "\",\"payload\":{\"nested\":{\"conversationId\":\"cz1\"}}}") + ","
                + deadLetter(5, ACCOUNT, "{\"accountId\":\"" + ACCOUNT + "\",\"leadId\":\"lead_zed2\"}"));
    }

    private static String deadLetter(int offset, String account, String raw) {
        return "(toDateTime(1772532161), 1772532161000, " + Sql.quote(TOPIC) + ", 0, " + offset + ", " + Sql.quote(account)
                + ", 'unknown_type', '', " + Sql.quote(raw) + ")";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void shouldLeaveNoTraceOfAnErasedLead() {
        // Earlier exports naming the lead, as the audit log records them.
        assertEquals(200, send("GET", "/v1/exports/leads?leadId=lead_zed,lead_kim", admin).statusCode());
        assertEquals(200, send("GET", "/v1/exports/conversations?conversationId=cz1", admin).statusCode());
        assertTrue(activityIds().containsAll(List.of("ev_z0", "ev_z1", "ev_k1")), activityIds().toString());

        HttpResponse<byte[]> r = send("DELETE", "/v1/leads/lead_zed", admin);
        assertEquals(200, r.statusCode(), text(r));
        JsonNode receipt = json(r);
        assertEquals("lead_zed", receipt.get("leadId").asText(), "the receipt answers the request that named the lead");
        String erasureId = receipt.get("erasureId").asText();
        assertEquals(4, receipt.get("removed").get("deadLetters").asInt(), receipt.toString());

        // Dead letters: every one naming lead_zed or cz1 as a whole id, whatever account it claimed; lead_zed2 stays.
        assertEquals(List.of("5"), column("SELECT toString(kafka_offset) AS v FROM synaptiq.dead_letters FINAL WHERE topic = " + Sql.quote(TOPIC)
                + " ORDER BY kafka_offset"));

        // The funnel's channel lookups copied from the lead's events go with them.
        assertEquals(List.of("0"), column("SELECT toString(count()) AS v FROM synaptiq.funnel_channels WHERE account_id = " + Sql.quote(ACCOUNT)
                + " AND (conversation_h = cityHash64('cz1') OR visitor_h = cityHash64('vz') OR lead_h = cityHash64('lead_zed'))"));

        // The activity feed: nothing of the lead or its conversation, even rows arriving after the erasure.
        clickHouse.execute("INSERT INTO synaptiq.activity (account_id, occurred_at, occurred_ms, event_id, type, lead_id, conversation_id,"
                + " description, metadata) VALUES (" + Sql.quote(ACCOUNT) + ", toDateTime(1772532200), 1772532200000, 'ev_z9', 'lead.qualified',"
                + " 'lead_zed', 'cz1', 'Lead qualified.', '{}'), (" + Sql.quote(ACCOUNT) + ", toDateTime(1772532300), 1772532300000, 'ev_z8',"
                + " 'conversation.handoff', '', 'cz1', 'Handed off.', '{}')");
        List<String> after = activityIds();
        assertFalse(after.contains("ev_z0") || after.contains("ev_z1") || after.contains("ev_z8") || after.contains("ev_z9"), after.toString());
        assertTrue(after.contains("ev_k1"), after.toString());

        // The audit log: earlier entries keep their shape with the ids replaced; the erasure's own entry names the erasure.
        assertEquals(List.of(), column("SELECT filters AS v FROM synaptiq.export_audit_log FINAL WHERE account_id = " + Sql.quote(ACCOUNT)
                + " AND (match(filters, '(lead_zed|cz1|vz)([^A-Za-z0-9_-]|$)') OR match(detail, '(lead_zed|cz1|vz)([^A-Za-z0-9_-]|$)'))"));
        JsonNode audit = json(send("GET", "/v1/exports/audit-log", admin)).get("data");
        assertEquals("erasure", audit.get(0).get("action").asText());
        assertEquals(erasureId, audit.get(0).get("filters").get("erasureId").asText());
        assertEquals(List.of("[erased]", "lead_kim"), texts(audit.get(2).get("filters").get("leadId")), audit.toString());
        assertEquals(List.of("[erased]"), texts(audit.get(1).get("filters").get("conversationId")), audit.toString());

        // The dashboard notification names the erasure, not the lead.
        JsonNode note = json(send("GET", "/v1/notifications", admin)).get("data").get(0);
        assertTrue(note.get("message").asText().contains(erasureId), note.toString());
        assertFalse(note.toString().contains("lead_zed"), note.toString());
    }

    /** Between the tombstone and the end of the mutations (here: none ever run) the lead is already hidden. */
    @Test
    void shouldHideAnErasedLeadsActivityFromTheMomentItsTombstoneIsWritten() {
        assertTrue(activityIds().contains("ev_p1"));
        clickHouse.execute("INSERT INTO synaptiq.lead_erasures (account_id, lead_id, erasure_id, visitor_ids, conversation_ids, requested_ms,"
                + " completed_ms, requested_by, status, removed, notification_id, version) VALUES (" + Sql.quote(ACCOUNT) + ", 'lead_pat',"
                + " 'era_test', ['vp'], ['cp1'], 1772704962000, 0, 'k', 'in_progress', '{}', '', 1)");
        assertEquals(List.of("1"), column("SELECT toString(count()) AS v FROM synaptiq.activity FINAL WHERE account_id = " + Sql.quote(ACCOUNT)
                + " AND lead_id = 'lead_pat'"), "the row is still stored");
        assertFalse(activityIds().contains("ev_p1"));
        HttpResponse<byte[]> byLead = send("GET", ACTIVITY + "&leadId=lead_pat", viewer);
        assertEquals(0, json(byLead).get("pagination").get("total").asInt(), text(byLead));
    }

    @Test
    void shouldShowNoPersonalFieldAtAnyDepthOfActivityMetadata() {
        HttpResponse<byte[]> r = send("GET", ACTIVITY + "&leadId=lead_kim", viewer);
        assertEquals(200, r.statusCode(), text(r));
        JsonNode metadata = json(r).get("data").get(0).get("metadata");
        assertEquals("{\"reason\":\"pricing\",\"visitor\":{\"plan\":\"pro\"},\"contacts\":[{}]}", metadata.toString());
    }

    private static List<String> activityIds() {
        HttpResponse<byte[]> r = send("GET", ACTIVITY, viewer);
        assertEquals(200, r.statusCode(), text(r));
        List<String> ids = new ArrayList<>();
        json(r).get("data").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static List<String> column(String sql) {
        List<String> out = new ArrayList<>();
        clickHouse.queryRows(sql).forEach(row -> out.add(row.get("v").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static HttpResponse<byte[]> send(String method, String pathAndQuery, String key) {
        return Requests.send(server, method, pathAndQuery, key, null);
    }
}
