package ai.synaptiq.api.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.ClickHouseException;
import ai.synaptiq.schemas.testing.LocalClickHouse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TabSeparated reader gives back exactly what ClickHouse's JSONEachRow gives for the same rows. */
class TabSeparatedRowsTest {
    private final ClickHouseClient clickHouse = LocalClickHouse.shared().client();

    @Test
    void shouldReadEveryByteAsClickHouseHoldsIt() {
        // Escapes, tabs and newlines inside values, multi-byte characters, a NUL, and values far larger than the read buffer.
        String sql = "SELECT number, concat('a\\tb\\nc\\\\d\\'e\\rf\\0g \"q\" ', arrayStringConcat(arrayMap(x -> 'é€', range(number * 30000)))) AS s,"
                + " if(number % 2 = 0, '', '=1+1') AS t FROM numbers(6) ORDER BY number";
        List<JsonNode> expected = new ArrayList<>();
        try (ClickHouseRows json = ClickHouseRows.open(clickHouse, sql)) {
            while (json.hasNext()) {
                expected.add(json.next());
            }
        }
        int n = 0;
        try (TabSeparatedRows rows = TabSeparatedRows.open(clickHouse, sql, 3)) {
            while (rows.next()) {
                JsonNode e = expected.get(n++);
                assertEquals(e.get("number").asLong(), rows.number(0));
                assertTrue(rows.isDigits(0));
                assertEquals(e.get("s").asText(), rows.text(1));
                assertEquals(e.get("t").asText(), rows.text(2));
                assertEquals(e.get("t").asText().isEmpty(), rows.isEmpty(2));
                assertTrue(rows.holdsQuote(1));
                assertFalse(rows.holdsQuote(0) || rows.holdsQuote(2));
            }
            assertFalse(rows.next(), "the end stays the end");
        }
        assertEquals(6, n);
        assertTrue(expected.get(5).get("s").asText().length() > 100_000);
    }

    @Test
    void shouldFailWhenTheRowsDoNotHaveTheirFieldsOrClickHouseFailsHalfWay() {
        assertThrows(ClickHouseException.class, () -> {
            try (TabSeparatedRows rows = TabSeparatedRows.open(clickHouse, "SELECT number, 'x' FROM numbers(3)", 3)) {
                rows.next();
            }
        });
        assertThrows(ClickHouseException.class, () -> {
            // Integer division by zero fails the query at row 300000, after the first blocks may have been sent.
            try (TabSeparatedRows rows = TabSeparatedRows.open(clickHouse, "SELECT number, toString(intDiv(1, number - 300000))"
                    + " FROM numbers(400000)", 2)) {
                while (rows.next()) {
                    rows.number(0);
                }
            }
        });
    }
}
