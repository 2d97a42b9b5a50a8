package ai.synaptiq.api.exports.leads;

import ai.synaptiq.api.exports.ClickHouseRows;
import ai.synaptiq.api.exports.format.CsvWriter;
import ai.synaptiq.api.exports.format.JsonArrayWriter;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.governance.ErasedIds;
import ai.synaptiq.api.exports.governance.FieldRestrictions;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Lead exports (exporting-data.md, "Lead CSV Format" and "Lead JSON Format"). The leads are
 * {@code synaptiq.leads FINAL} rows with {@code created = 1}, oldest first; rows are read from
 * ClickHouse as a stream and written out as they come, so memory does not grow with the export.
 */
public final class LeadExport {
    /** The fixed CSV columns, in the spec's order; {@code custom_<key>} columns follow, sorted by key. */
    public static final List<String> COLUMNS = List.of("id", "email", "name", "phone", "company", "status", "score",
            "source_url", "created_at", "last_activity_at", "tags", "assigned_to");
    private static final String SELECT = "lead_id, email, name, phone, company, status, score, source_url, created_ms, "
            + "last_activity_ms, tags, assigned_to, custom_properties";
    private static final Comparator<JsonNode> LEAD_ORDER = Comparator.<JsonNode>comparingLong(r -> r.path("created_ms").asLong())
            .thenComparing(r -> r.path("lead_id").asText());

    private final ClickHouseClient clickHouse;
    private final ObjectMapper json;

    public LeadExport(ClickHouseClient clickHouse, ObjectMapper json) {
        this.clickHouse = clickHouse;
        this.json = json;
    }

    /** The CSV: header, then one row per lead. Returns the number of leads written. */
    public long writeCsv(String accountId, LeadFilter filter, FieldRestrictions restrictions, OutputStream out) {
        List<String> customKeys = List.copyOf(customKeys(accountId));
        CsvWriter csv = new CsvWriter(out);
        COLUMNS.forEach(csv::text);
        customKeys.forEach(k -> csv.text("custom_" + k));
        csv.endRow();
        long n = 0;
        try (ClickHouseRows rows = ClickHouseRows.open(clickHouse, leadsQuery(accountId, filter))) {
            while (rows.hasNext()) {
                LeadRecord l = LeadRecord.of(rows.next());
                csv.text(l.id())
                        .text(restrictions.apply("email", l.email()))
                        .text(restrictions.apply("name", l.name()))
                        .text(restrictions.apply("phone", l.phone()))
                        .text(restrictions.apply("company", l.company()))
                        .text(restrictions.apply("status", l.status()));
                if (restrictions.restricts("score")) {
                    csv.text(FieldRestrictions.REDACTED);
                } else {
                    csv.number(Values.number(l.score()));
                }
                csv.text(restrictions.apply("source_url", l.sourceUrl()))
                        .text(restrictions.apply("created_at", Values.instant(l.createdMs())))
                        .text(restrictions.apply("last_activity_at", Values.instant(l.lastActivityMs())))
                        .text(restrictions.apply("tags", String.join(",", l.tags())))
                        .text(restrictions.apply("assigned_to", l.assignedTo()));
                for (String k : customKeys) {
                    csv.text(restrictions.restrictsCustom(k) ? FieldRestrictions.REDACTED : l.customProperties().getOrDefault(k, ""));
                }
                csv.endRow();
                n++;
            }
        }
        csv.flush();
        return n;
    }

    /** The JSON array: the CSV's fields plus tags, custom_properties and a summary of each conversation. */
    public long writeJson(String accountId, LeadFilter filter, FieldRestrictions restrictions, OutputStream out) {
        JsonArrayWriter array = new JsonArrayWriter(json, out);
        long n = 0;
        try (ClickHouseRows leads = ClickHouseRows.open(clickHouse, leadsQuery(accountId, filter));
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

    private static String leadsQuery(String accountId, LeadFilter f) {
        return "SELECT " + SELECT + " FROM " + Tables.LEADS + " FINAL WHERE " + accountLeads(accountId) + " AND " + f.sql()
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
