package ai.synaptiq.pipeline.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.EventParser;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the sink cuts a table's batch into inserts that stay within ClickHouse's partitions per insert. */
class ClickHouseSinkWriterTest {
    private static final ZonedDateTime FIRST = ZonedDateTime.of(2010, 1, 31, 23, 59, 59, 0, ZoneOffset.UTC);

    private static TableRow eventRow(int i, ZonedDateTime at) throws Exception {
        return Rows.event(EventParser.parse("{\"eventId\":\"e" + i + "\",\"type\":\"visitor.session_started\",\"accountId\":\"fresh\","
                + "\"occurredAt\":\"" + at.toInstant() + "\",\"visitorId\":\"v" + i + "\",\"channel\":\"web_chat\"}"));
    }

    /** The lines of each insert. */
    private static List<List<String>> inserts(ClickHouseSinkWriter.TableInserts batch) {
        List<List<String>> out = new ArrayList<>();
        for (ClickHouseSinkWriter.Buffer b : batch.inserts) {
            String text = new String(b.bytes, 0, b.size, StandardCharsets.UTF_8);
            out.add(text.isEmpty() ? List.of() : Arrays.asList(text.split("\n")));
        }
        return out;
    }

    /** toYYYYMM of the occurred_at a line carries, as ClickHouse (timezone UTC) reads it: the partition it lands in. */
    private static String month(String eventsLine) {
        String occurredAt = TabSeparatedFields.fields(eventsLine).get(Rows.columnNames(Tables.EVENTS).indexOf("occurred_at"));
        return occurredAt.substring(0, 4) + occurredAt.substring(5, 7);
    }

    @Test
    void shouldSplitOneHundredFiftyMonthsIntoInsertsWithinThePartitionLimit() throws Exception {
        ClickHouseSinkWriter.TableInserts batch = new ClickHouseSinkWriter.TableInserts();
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            // The last second of each month: a month reckoned in any zone east of UTC would be the next one.
            TableRow row = eventRow(i, FIRST.plusMonths(i).with(TemporalAdjusters.lastDayOfMonth()));
            batch.append(row);
            written.add(row.text());
        }
        List<List<String>> inserts = inserts(batch);
        assertEquals(2, inserts.size());
        assertTrue(ClickHouseSinkWriter.MAX_PARTITIONS_PER_INSERT < 100, "current ClickHouse refuses more than 100");
        Set<String> months = new HashSet<>();
        for (List<String> insert : inserts) {
            Set<String> touched = new HashSet<>();
            insert.forEach(line -> touched.add(month(line)));
            assertTrue(touched.size() <= ClickHouseSinkWriter.MAX_PARTITIONS_PER_INSERT, touched.size() + " partitions in one insert");
            months.addAll(touched);
        }
        assertEquals(150, months.size());
        assertEquals(written, inserts.stream().flatMap(List::stream).toList(), "every row, once, in order");
    }

    @Test
    void shouldKeepRowsOfPartitionsAlreadyInTheInsertTogether() throws Exception {
        ClickHouseSinkWriter.TableInserts batch = new ClickHouseSinkWriter.TableInserts();
        for (int round = 0; round < 3; round++) {
            for (int m = 0; m < ClickHouseSinkWriter.MAX_PARTITIONS_PER_INSERT; m++) {
                batch.append(eventRow(round * 1000 + m, FIRST.plusMonths(m)));
            }
        }
        assertEquals(1, inserts(batch).size(), "90 months three times over is one insert");
        batch.append(eventRow(9999, FIRST.plusMonths(ClickHouseSinkWriter.MAX_PARTITIONS_PER_INSERT)));
        assertEquals(2, inserts(batch).size(), "the 91st month starts the next");

        batch.clear();
        assertEquals(List.of(List.of()), inserts(batch), "an emptied batch is one empty insert again");
        batch.append(eventRow(1, FIRST));
        assertEquals(1, inserts(batch).get(0).size());
    }

    @Test
    void shouldNeverSplitATableWithoutPartitions() {
        ClickHouseSinkWriter.TableInserts batch = new ClickHouseSinkWriter.TableInserts();
        for (int i = 0; i < 500; i++) {
            batch.append(Rows.deadLetter(FIRST.plusMonths(i).toInstant().toEpochMilli(), "topic", 0, i, "fresh", "too_late", "", "{}"));
        }
        assertEquals(1, inserts(batch).size());
        assertEquals(500, inserts(batch).get(0).size());
    }

    @Test
    void shouldPutRowsInTheMonthClickHouseDoes() {
        assertEquals(201001, Rows.partition(FIRST.toInstant().toEpochMilli()));
        assertEquals(201002, Rows.partition(FIRST.toInstant().toEpochMilli() + 1000));
        assertEquals(209912, Rows.partition(ZonedDateTime.of(2099, 12, 31, 23, 59, 59, 999_000_000, ZoneOffset.UTC).toInstant().toEpochMilli()));
        assertEquals(197001, Rows.partition(-5), "a date before 1970 is written as 1970-01-01 00:00:00");
    }
}
