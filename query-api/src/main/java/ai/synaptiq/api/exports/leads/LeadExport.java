package ai.synaptiq.api.exports.leads;

import ai.synaptiq.api.exports.ClickHouseRows;
import ai.synaptiq.api.exports.TabSeparatedRows;
import ai.synaptiq.api.exports.format.CsvWriter;
import ai.synaptiq.api.exports.format.JsonRecordWriter;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.ErasedIds;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Lead exports (exporting-data.md, "Lead CSV Format" and "Lead JSON Format"). The leads are
 * {@code synaptiq.leads FINAL} rows with {@code created = 1}, oldest first; rows are read from
 * ClickHouse as a stream and written out as they come, so memory does not grow with the export
 * (CSV from TabSeparated bytes, JSON from JSONEachRow rows).
 */
public record LeadExport(ClickHouseClient clickHouse, ObjectMapper json) {
    /** The fixed CSV columns, in the spec's order; {@code custom_<key>} columns follow, sorted by key. */
    public static final List<String> COLUMNS = List.of("id", "email", "name", "phone", "company", "status", "score",
            "source_url", "created_at", "last_activity_at", "tags", "assigned_to");
    private static final String SELECT = "lead_id, email, name, phone, company, status, score, source_url, created_ms, "
            + "last_activity_ms, tags, assigned_to, custom_properties";
    /** The CSV's fields: {@link #COLUMNS} in order (tags joined as the file shows them), then custom_properties. */
    private static final String CSV_SELECT = "lead_id, email, name, phone, company, status, score, source_url, created_ms, "
            + "last_activity_ms, arrayStringConcat(tags, ','), assigned_to, custom_properties";
    private static final int CSV_FIELDS = 13;
    private static final int SCORE = 6;
    private static final int CREATED_MS = 8;
    private static final int LAST_ACTIVITY_MS = 9;
    private static final int CUSTOM_PROPERTIES = 12;
    private static final byte[] REDACTED = FieldRestrictions.REDACTED.getBytes(StandardCharsets.UTF_8);
    private static final Comparator<JsonNode> LEAD_ORDER = Comparator.<JsonNode>comparingLong(r -> r.path("created_ms").asLong())
            .thenComparing(r -> r.path("lead_id").asText());

    /**
     * The CSV: header, then one row per lead. Returns the number of leads written. The rows come as
     * TabSeparated and their text goes from ClickHouse's bytes to the file's without becoming
     * strings: this is the export that moves millions of rows.
     */
    public long writeCsv(String accountId, LeadFilter filter, FieldRestrictions restrictions, OutputStream out) {
        List<String> customKeys = List.copyOf(customKeys(accountId));
        CsvWriter csv = new CsvWriter(out);
        COLUMNS.forEach(csv::text);
        customKeys.forEach(k -> csv.text("custom_" + k));
        csv.endRow();
        boolean[] hidden = new boolean[COLUMNS.size()];
        for (int c = 0; c < hidden.length; c++) {
            hidden[c] = restrictions.restricts(COLUMNS.get(c));
        }
        CustomColumns custom = new CustomColumns(customKeys, restrictions);
        long n = 0;
        try (TabSeparatedRows rows = TabSeparatedRows.open(clickHouse, csvQuery(accountId, filter), CSV_FIELDS)) {
            while (rows.next()) {
                byte[] b = rows.bytes();
                for (int c = 0; c < hidden.length; c++) {
                    if (hidden[c]) {
                        csv.text(REDACTED, 0, REDACTED.length);
                    } else if (c == SCORE) {
                        if (rows.isDigits(c)) {
                            csv.number(b, rows.start(c), rows.end(c));
                        } else {
                            csv.number(Values.number(Double.parseDouble(rows.text(c))));
                        }
                    } else if (c == CREATED_MS || c == LAST_ACTIVITY_MS) {
                        csv.instant(rows.number(c));
                    } else {
                        csv.text(b, rows.start(c), rows.end(c), rows.holdsQuote(c));
                    }
                }
                custom.write(b, rows.start(CUSTOM_PROPERTIES), rows.end(CUSTOM_PROPERTIES), csv);
                csv.endRow();
                n++;
            }
        }
        csv.flush();
        return n;
    }

    /**
     * The {@code custom_<key>} cells of a row, read from its custom_properties JSON. The pipeline
     * writes that object compactly with string values ({@code {"budget":"$10k","size":"50"}}): such
     * an object is scanned in place and values without escapes are copied byte for byte; anything
     * else (escapes, other values, spaces) goes through Jackson.
     */
    private static final class CustomColumns {
        private static final JsonFactory FACTORY = new JsonFactory();
        private final byte[][] keys;
        private final Map<String, Integer> index = new HashMap<>();
        private final boolean[] hidden;
        private final int[] starts;
        private final int[] ends;
        private final String[] decoded;

        CustomColumns(List<String> keyNames, FieldRestrictions restrictions) {
            int n = keyNames.size();
            keys = new byte[n][];
            hidden = new boolean[n];
            starts = new int[n];
            ends = new int[n];
            decoded = new String[n];
            for (int i = 0; i < n; i++) {
                keys[i] = keyNames.get(i).getBytes(StandardCharsets.UTF_8);
                index.put(keyNames.get(i), i);
                hidden[i] = restrictions.restrictsCustom(keyNames.get(i));
            }
        }

        void write(byte[] b, int from, int to, CsvWriter csv) {
            int n = keys.length;
            if (n == 0) {
                return;
            }
            Arrays.fill(starts, 0);
            Arrays.fill(ends, 0);
            Arrays.fill(decoded, null);
            boolean empty = to - from == 2 && b[from] == '{' && b[from + 1] == '}';
            if (!empty && !scan(b, from, to)) {
                Arrays.fill(starts, 0);
                Arrays.fill(ends, 0);
                read(b, from, to);
            }
            for (int i = 0; i < n; i++) {
                if (hidden[i]) {
                    csv.text(REDACTED, 0, REDACTED.length);
                } else if (decoded[i] != null) {
                    csv.text(decoded[i]);
                } else {
                    csv.text(b, starts[i], ends[i]);
                }
            }
        }

        /** Finds the wanted keys' value bytes in a compact object of plain strings; false when it is anything else. */
        private boolean scan(byte[] b, int from, int to) {
            int i = from;
            if (i >= to || b[i++] != '{') {
                return false;
            }
            while (true) {
                if (i >= to || b[i++] != '"') {
                    return false;
                }
                int keyStart = i;
                int keyEnd = plainStringEnd(b, i, to);
                if (keyEnd < 0 || keyEnd + 2 >= to || b[keyEnd + 1] != ':' || b[keyEnd + 2] != '"') {
                    return false;
                }
                int valueStart = keyEnd + 3;
                int valueEnd = plainStringEnd(b, valueStart, to);
                if (valueEnd < 0) {
                    return false;
                }
                int k = key(b, keyStart, keyEnd);
                if (k >= 0) {
                    starts[k] = valueStart;
                    ends[k] = valueEnd;
                }
                i = valueEnd + 1;
                if (i >= to) {
                    return false;
                }
                byte next = b[i++];
                if (next == '}') {
                    return i == to;
                }
                if (next != ',') {
                    return false;
                }
            }
        }

        /** The index of the closing quote of a string starting at {@code from}; -1 if it holds an escape or does not end. */
        private static int plainStringEnd(byte[] b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == '"') {
                    return i;
                }
                if (b[i] == '\\') {
                    return -1;
                }
            }
            return -1;
        }

        private int key(byte[] b, int from, int to) {
            for (int k = 0; k < keys.length; k++) {
                if (Arrays.equals(keys[k], 0, keys[k].length, b, from, to)) {
                    return k;
                }
            }
            return -1;
        }

        /** The values of the wanted keys, as LeadRecord.customProperties reads them (a later duplicate key wins). */
        private void read(byte[] b, int from, int to) {
            try (JsonParser p = FACTORY.createParser(b, from, to - from)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("custom_properties in synaptiq.leads is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    Integer i = index.get(p.currentName());
                    JsonToken value = p.nextToken();
                    String text = value.isScalarValue() ? p.getText() : "";
                    p.skipChildren();
                    if (i != null) {
                        decoded[i] = text;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable custom_properties in synaptiq.leads", e);
            }
        }
    }

    /** JSON records (an array, or JSON Lines): the CSV's fields plus tags, custom_properties and a summary of each conversation. */
    public long writeJson(String accountId, LeadFilter filter, FieldRestrictions restrictions, JsonRecordWriter.Layout layout, OutputStream out) {
        JsonRecordWriter array = new JsonRecordWriter(json, out, layout);
        long n = 0;
        try (ClickHouseRows leads = ClickHouseRows.open(clickHouse, leadsQuery(SELECT, accountId, filter));
                ClickHouseRows conversations = ClickHouseRows.open(clickHouse, conversationsQuery(accountId, filter))) {
            while (leads.hasNext()) {
                JsonNode row = leads.next();
                writeLead(array.element(), LeadRecord.of(row), row, conversations, restrictions);
                n++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        array.finish();
        return n;
    }

    private static void writeLead(JsonGenerator g, LeadRecord l, JsonNode leadRow, ClickHouseRows conversations,
            FieldRestrictions r) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", l.id());
        text(g, r, "email", l.email());
        text(g, r, "name", l.name());
        text(g, r, "phone", l.phone());
        text(g, r, "company", l.company());
        text(g, r, "status", l.status());
        if (r.restricts("score")) {
            g.writeStringField("score", FieldRestrictions.REDACTED);
        } else {
            g.writeFieldName("score");
            g.writeNumber(new BigDecimal(Values.number(l.score())));
        }
        text(g, r, "source_url", l.sourceUrl());
        text(g, r, "created_at", Values.instant(l.createdMs()));
        text(g, r, "last_activity_at", Values.instant(l.lastActivityMs()));
        if (r.restricts("tags")) {
            g.writeStringField("tags", FieldRestrictions.REDACTED);
        } else {
            g.writeArrayFieldStart("tags");
            for (String t : l.tags()) {
                g.writeString(t);
            }
            g.writeEndArray();
        }
        text(g, r, "assigned_to", l.assignedTo());
        if (r.restricts("custom_properties")) {
            g.writeStringField("custom_properties", FieldRestrictions.REDACTED);
        } else {
            g.writeObjectFieldStart("custom_properties");
            for (Map.Entry<String, String> e : l.customProperties().entrySet()) {
                g.writeStringField(e.getKey(), r.restrictsCustom(e.getKey()) ? FieldRestrictions.REDACTED : e.getValue());
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("conversations");
        // Both streams come in lead order: this lead's conversations are at the head of the other one.
        while (conversations.hasNext() && LEAD_ORDER.compare(conversations.peek(), leadRow) < 0) {
            conversations.next();
        }
        while (conversations.hasNext() && LEAD_ORDER.compare(conversations.peek(), leadRow) == 0) {
            JsonNode c = conversations.next();
            g.writeStartObject();
            g.writeStringField("id", c.path("conversation_id").asText());
            long started = c.path("started_ms").asLong();
            if (started > 0) {
                g.writeStringField("started_at", Values.instant(started));
            } else {
                g.writeNullField("started_at");
            }
            g.writeNumberField("message_count", c.path("message_count").asLong());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** A text field: null when empty, {@value FieldRestrictions#REDACTED} when restricted. */
    private static void text(JsonGenerator g, FieldRestrictions r, String field, String value) throws IOException {
        if (r.restricts(field)) {
            g.writeStringField(field, FieldRestrictions.REDACTED);
        } else if (value == null || value.isEmpty()) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    /** Every custom property key of the account's leads, sorted: the CSV has one column per key. */
    SortedSet<String> customKeys(String accountId) {
        SortedSet<String> keys = new TreeSet<>();
        String sql = "SELECT DISTINCT custom_properties FROM " + Tables.LEADS + " FINAL WHERE " + accountLeads(accountId)
                + " AND custom_properties != '{}'";
        try (ClickHouseRows rows = ClickHouseRows.open(clickHouse, sql)) {
            while (rows.hasNext()) {
                keys.addAll(LeadRecord.customProperties(rows.next().path("custom_properties").asText()).keySet());
            }
        }
        return keys;
    }

    private static String accountLeads(String accountId) {
        return "account_id = " + Sql.quote(accountId) + " AND created = 1 AND " + ErasedIds.notLead(accountId, "lead_id");
    }

    /** The SQL (without FORMAT) the CSV export reads its rows with; the export benchmark sends it to ClickHouse directly too. */
    public static String csvQuery(String accountId, LeadFilter f) {
        return leadsQuery(CSV_SELECT, accountId, f);
    }

    private static String leadsQuery(String select, String accountId, LeadFilter f) {
        return "SELECT " + select + " FROM " + Tables.LEADS + " FINAL WHERE " + accountLeads(accountId) + " AND " + f.sql()
                + " ORDER BY created_ms, lead_id";
    }

    /** The conversations of the exported leads, in the leads' order, each lead's oldest first. */
    private static String conversationsQuery(String accountId, LeadFilter f) {
        return "SELECT lead_id, created_ms, conversation_id, started_ms, message_count FROM " + Tables.CONVERSATIONS + " FINAL"
                + " ANY INNER JOIN (SELECT account_id, lead_id, created_ms FROM " + Tables.LEADS + " FINAL WHERE "
                + accountLeads(accountId) + " AND " + f.sql() + ") USING (account_id, lead_id)"
                + " WHERE account_id = " + Sql.quote(accountId) + " AND " + ErasedIds.notInConversation(accountId)
                + " ORDER BY created_ms, lead_id, started_ms, conversation_id";
    }
}
