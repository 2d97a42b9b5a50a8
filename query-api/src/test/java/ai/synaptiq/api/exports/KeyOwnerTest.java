package ai.synaptiq.api.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.api.keys.ApiKeyStore;
import ai.synaptiq.api.keys.KeysCommand;
import ai.synaptiq.api.keys.Role;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who exported (docs/exports.md, "Governance"): keys carry an owner, named next to the key id wherever a key is. */
class KeyOwnerTest {
    static final String ACCOUNT = "owner_" + System.nanoTime();
    static ExportApi api;

    @BeforeAll
    static void start() throws Exception {
        new RawEvents(ACCOUNT).add("lead.created", "2026-03-15T09:25:00Z", e -> e.put("leadId", "lead_o").put("source", "form"),
                d -> d.put("score", 60).put("email", "o@x.io")).load();
        api = new ExportApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void shouldCreateAndListAKeyWithItsOwner() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("SYNAPTIQ_CLICKHOUSE", LocalClickHouse.shared().url(), "SYNAPTIQ_CLICKHOUSE_PASSWORD",
                LocalClickHouse.shared().password());
        int status = KeysCommand.run(new String[] {"create", "--account", ACCOUNT, "--role", "export", "--owner", "alex@yourteam.com"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, env);
        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("owned by alex@yourteam.com"));
        out.reset();
        KeysCommand.run(new String[] {"list", "--account", ACCOUNT}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err, env);
        assertTrue(out.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.contains(" alex@yourteam.com ")), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, KeysCommand.run(new String[] {"create", "--account", ACCOUNT, "--role", "export", "--owner", "bad\nowner"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()), env));
    }

    @Test
    void shouldNameTheOwnerInTheAuditLogRunHistoryAndNotifications() {
        ApiKeyStore keys = new ApiKeyStore(api.clickHouse, Clock.systemUTC());
        String owned = keys.create(ACCOUNT, Role.ADMIN, "alex@yourteam.com").key().id();
        String anonymous = keys.create(ACCOUNT, Role.EXPORT).key().id();
        String admin = ACCOUNT + "/" + owned + "/admin";
        assertEquals(200, api.get("/v1/exports/leads?format=jsonl", admin).statusCode());
        assertEquals(200, api.get("/v1/exports/leads?format=csv", ACCOUNT + "/" + anonymous + "/export").statusCode());
        JsonNode audit = ScheduledExportTest.json(api.get("/v1/exports/audit-log", admin)).get("data");
        assertEquals(anonymous, audit.get(0).get("keyId").asText());
        assertTrue(audit.get(0).get("keyOwner").isNull(), "a key without an owner: null");
        assertEquals(owned, audit.get(1).get("keyId").asText());
        assertEquals("alex@yourteam.com", audit.get(1).get("keyOwner").asText());

        String id = ScheduledExportTest.create(api, admin, "{\"dataType\":\"leads\",\"frequency\":\"daily\",\"time\":\"08:00\","
                + "\"destinations\":[{\"type\":\"email\",\"to\":[\"a@example.com\"]}]}");
        JsonNode run = ScheduledExportTest.json(api.post("/v1/exports/schedules/" + id + "/run", admin, ""));
        assertEquals(owned, run.get("keyId").asText());
        assertEquals("alex@yourteam.com", run.get("keyOwner").asText());
        JsonNode history = ScheduledExportTest.json(api.get("/v1/exports/schedules/" + id + "/runs", admin)).get("data").get(0);
        assertEquals("alex@yourteam.com", history.get("keyOwner").asText());
        api.exports.schedules().delete(ACCOUNT, id);

        assertEquals(200, api.delete("/v1/leads/lead_o", admin).statusCode());
        List<JsonNode> notes = List.of(ScheduledExportTest.json(api.get("/v1/notifications", admin)).get("data").get(0));
        assertEquals("erasure_completed", notes.get(0).get("kind").asText());
        assertEquals(owned, notes.get(0).get("keyId").asText());
        assertEquals("alex@yourteam.com", notes.get(0).get("keyOwner").asText());
    }
}
