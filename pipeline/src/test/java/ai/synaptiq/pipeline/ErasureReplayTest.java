package ai.synaptiq.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GDPR promise on the pipeline's side: once a lead is erased (a tombstone in
 * synaptiq.lead_erasures, its rows deleted, as DELETE /v1/leads/{id} does), replaying its events,
 * late ones included, through the real job brings none of its rows back, and leaves the other
 * leads of the account as they were.
 */
class ErasureReplayTest {
    private final LocalClickHouse ch = LocalClickHouse.shared();
    private final ClickHouseClient client = ch.client();
    private final String acc = "erase_" + System.nanoTime();

    @Test
    void shouldBringNoRowOfAnErasedLeadBackWhenItsEventsAreReplayed() throws Exception {
        List<String> lines = List.of(
                event("e1", "visitor.session_started", "2026-03-01T10:00:00Z", "\"visitorId\":\"v1\",\"channel\":\"web_chat\""),
                event("e2", "conversation.started", "2026-03-01T10:00:05Z", "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"channel\":\"web_chat\""),
                event("e3", "message.sent", "2026-03-01T10:00:10Z", "\"visitorId\":\"v1\",\"conversationId\":\"c1\","
                        + "\"data\":{\"sender\":\"visitor\",\"content\":\"I am Erin, +44 7700 900123\"}"),
                event("e4", "lead.created", "2026-03-01T10:01:00Z", "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"leadId\":\"erin\","
                        + "\"source\":\"chat\",\"data\":{\"score\":70,\"name\":\"Erin\",\"email\":\"erin@private.io\"}"),
                event("e5", "lead.qualified", "2026-03-01T10:02:00Z", "\"leadId\":\"erin\",\"data\":{\"previousStatus\":\"new\",\"newStatus\":\"qualified\"}"),
                event("e6", "message.sent", "2026-03-01T10:03:00Z", "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"data\":{\"sender\":\"ai\",\"content\":\"Thanks Erin\"}"),
                event("k1", "conversation.started", "2026-03-01T11:00:00Z", "\"visitorId\":\"v2\",\"conversationId\":\"c2\",\"channel\":\"api\""),
                event("k2", "lead.created", "2026-03-01T11:01:00Z", "\"visitorId\":\"v2\",\"conversationId\":\"c2\",\"leadId\":\"kept\","
                        + "\"source\":\"api\",\"data\":{\"score\":40,\"name\":\"Kim\"}"),
                event("k3", "message.sent", "2026-03-01T11:02:00Z", "\"visitorId\":\"v2\",\"conversationId\":\"c2\",\"data\":{\"sender\":\"ai\",\"content\":\"Hi Kim\"}"));
        run(lines);
        String erin = "account_id = '" + acc + "' AND (lead_id = 'erin' OR conversation_id = 'c1' OR visitor_id = 'v1')";
        assertEquals(6, count("synaptiq.events", erin));
        assertEquals(1, count("synaptiq.leads", "account_id = '" + acc + "' AND lead_id = 'erin'"));

        erase();
        assertEquals(0, count("synaptiq.events", erin));

        List<String> replay = new ArrayList<>(lines);
        // Late events: a contact change, a message in the erased conversation, and a new conversation naming the lead.
        replay.add(event("e7", "lead.updated", "2026-03-01T12:00:00Z", "\"leadId\":\"erin\",\"data\":{\"email\":\"erin@new.io\"}"));
        replay.add(event("e8", "message.sent", "2026-03-01T12:01:00Z", "\"visitorId\":\"v1\",\"conversationId\":\"c1\",\"data\":{\"sender\":\"visitor\",\"content\":\"still me\"}"));
        replay.add(event("e9", "conversation.started", "2026-03-01T12:02:00Z", "\"visitorId\":\"v9\",\"conversationId\":\"c9\",\"leadId\":\"erin\",\"channel\":\"slack\""));
        replay.add(event("e10", "lead.updated", "2026-02-01T12:00:00Z", "\"leadId\":\"erin\",\"data\":{\"phone\":\"+44 7700 900123\"}"));
        run(replay);

        assertEquals(0, count("synaptiq.events", erin + " OR account_id = '" + acc + "' AND conversation_id = 'c9'"));
        assertEquals(0, count("synaptiq.leads", "account_id = '" + acc + "' AND lead_id = 'erin'"));
        assertEquals(0, count("synaptiq.conversations", "account_id = '" + acc + "' AND (lead_id = 'erin' OR conversation_id IN ('c1', 'c9'))"));
        assertEquals(0, count("synaptiq.activity", "account_id = '" + acc + "' AND (lead_id = 'erin' OR conversation_id IN ('c1', 'c9'))"));
        assertEquals(0, count("synaptiq.dead_letters", "account_id = '" + acc + "'"), "a too-late event of the erased lead leaves no raw record either");

        assertEquals(3, count("synaptiq.events", "account_id = '" + acc + "' AND (lead_id = 'kept' OR conversation_id = 'c2')"));
        assertEquals("Kim\t40", client.query("SELECT name, score FROM synaptiq.leads FINAL WHERE account_id = '" + acc
                + "' AND lead_id = 'kept' FORMAT TabSeparated").trim());
        assertTrue(client.query("SELECT message_count FROM synaptiq.conversations FINAL WHERE account_id = '" + acc
                + "' AND conversation_id = 'c2' FORMAT TabSeparated").trim().equals("1"));
    }

    /** What the API's erasure does to the tables: the tombstone first, then the deletions, waited for. */
    private void erase() throws InterruptedException {
        client.execute("INSERT INTO synaptiq.lead_erasures (account_id, lead_id, erasure_id, visitor_ids, conversation_ids, status, version)"
                + " VALUES ('" + acc + "', 'erin', 'era_test', ['v1'], ['c1'], 'completed', 2)");
        String where = "account_id = '" + acc + "' AND (lead_id = 'erin' OR conversation_id = 'c1' OR visitor_id = 'v1')";
        for (String table : new String[] {"events", "activity", "conversations"}) {
            String w = table.equals("events") ? where : "account_id = '" + acc + "' AND (lead_id = 'erin' OR conversation_id = 'c1')";
            client.execute("ALTER TABLE synaptiq." + table + " DELETE WHERE " + w);
        }
        client.execute("ALTER TABLE synaptiq.leads DELETE WHERE account_id = '" + acc + "' AND lead_id = 'erin'");
        for (int i = 0; i < 300; i++) {
            if (client.query("SELECT count() FROM system.mutations WHERE database = 'synaptiq' AND is_done = 0 FORMAT TabSeparated").trim().equals("0")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the deletions did not finish within 30 s");
    }

    private void run(List<String> lines) throws Exception {
        AnalyticsJob.runToCompletion(lines, PipelineConfig.defaults().withClickHouse(ch.url()).with("parallelism", "1")
                .with("checkpoint-dir", Files.createTempDirectory("erasure-cp").toUri().toString()));
    }

    private long count(String table, String where) {
        return Long.parseLong(client.query("SELECT count() FROM " + table + " FINAL WHERE " + where + " FORMAT TabSeparated").trim());
    }

    private String event(String id, String type, String at, String fields) {
        return "{\"eventId\":\"" + id + "\",\"type\":\"" + type + "\",\"accountId\":\"" + acc + "\",\"occurredAt\":\"" + at + "\"," + fields + "}";
    }
}
