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
        assertEquals("7", recorded);
        String tables = ch.client().query("SELECT count() FROM system.tables WHERE database = 'synaptiq' FORMAT TabSeparated").trim();
        assertEquals("23", tables);
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
