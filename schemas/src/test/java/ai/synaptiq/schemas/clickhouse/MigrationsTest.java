package ai.synaptiq.schemas.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.testing.LocalClickHouse;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void shouldApplyEachMigrationOnceAndRecordIt() {
        LocalClickHouse ch = LocalClickHouse.shared();
        List<String> again = Migrations.apply(ch.client());
        assertTrue(again.isEmpty(), "second run applies nothing");
        String recorded = ch.client().query("SELECT count() FROM synaptiq.schema_migrations FINAL FORMAT TabSeparated").trim();
        assertEquals("8", recorded);
        String tables = ch.client().query("SELECT count() FROM system.tables WHERE database = 'synaptiq' FORMAT TabSeparated").trim();
        assertEquals("25", tables);
    }

    @Test
    void shouldCopyEveryStartsChannelAndEveryLeadCreatedIntoTheFunnelLookupsInTheSameInsert() {
        LocalClickHouse ch = LocalClickHouse.shared();
        String account = "acc_funnel_channels_" + System.nanoTime();
        ch.client().execute("INSERT INTO synaptiq.events (account_id, event_id, type, visitor_id, conversation_id, lead_id, channel) VALUES"
                + " ('" + account + "', 'e1', 'conversation.started', 'v1', 'c1', 'l1', 'web_chat'),"
                + " ('" + account + "', 'e2', 'visitor.session_started', 'v1', '', '', 'email'),"
                + " ('" + account + "', 'e3', 'conversation.started', 'v2', 'c2', '', ''),"
                + " ('" + account + "', 'e4', 'lead.created', 'v1', 'c1', 'l1', ''),"
                + " ('" + account + "', 'e5', 'message.sent', 'v1', 'c1', 'l1', 'web_chat')");
        String rows = ch.client().query("SELECT type, channel, conversation_h = cityHash64('c1'), visitor_h = cityHash64('v1'), lead_h = cityHash64('l1')"
                + " FROM synaptiq.funnel_channels WHERE account_id = " + Sql.quote(account) + " ORDER BY type FORMAT TabSeparated");
        assertEquals("conversation.started\tweb_chat\t1\t1\t1\nlead.created\t\t1\t1\t1\nvisitor.session_started\temail\t0\t1\t0\n", rows,
                "starts that carry a channel and every lead.created, as hashes; none for a start without one or for other types");
    }

    @Test
    void shouldSkipAnAddColumnWhoseColumnIsThereAlready() {
        LocalClickHouse ch = LocalClickHouse.shared();
        assertTrue(Migrations.columnExists(ch.client(), "ALTER TABLE synaptiq.api_keys ADD COLUMN owner String DEFAULT ''"));
        assertFalse(Migrations.columnExists(ch.client(), "ALTER TABLE synaptiq.api_keys ADD COLUMN not_there String DEFAULT ''"));
        assertFalse(Migrations.columnExists(ch.client(), "OPTIMIZE TABLE synaptiq.leads FINAL"));
    }

    @Test
    void shouldQuoteEveryValueSoItRoundTrips() {
        LocalClickHouse ch = LocalClickHouse.shared();
        String nasty = "x' OR 1=1 -- \\ \n\t é 日本 \u0000 '";
        String back = ch.client().queryRows("SELECT " + Sql.quote(nasty) + " AS v").get(0).get("v").asText();
        assertEquals(nasty, back);
    }

    @Test
    void shouldSplitStatementsAndDropComments() {
        assertEquals(List.of("CREATE TABLE a (x UInt8)\nENGINE = Log", "SELECT 1"),
                Migrations.statements("-- a comment\nCREATE TABLE a (x UInt8)\nENGINE = Log;\n\nSELECT 1;\n"));
    }
}
