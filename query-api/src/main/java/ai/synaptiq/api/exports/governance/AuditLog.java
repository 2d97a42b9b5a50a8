package ai.synaptiq.api.exports.governance;

import ai.synaptiq.api.exports.DateFilter;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The audit log (exporting-data.md, "Audit log"): every export, manual or scheduled, and every
 * erasure, with the key that asked, the time, the data type, the filters, the format and the
 * number of records. Kept in {@code synaptiq.export_audit_log}; admins read it through the API.
 */
public record AuditLog(ClickHouseClient clickHouse) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One audit entry; {@code scheduleId}/{@code runId} are empty for manual actions. */
    public record Entry(String id, long occurredMs, String keyId, String action, String origin, String dataType, String format,
            Map<String, Object> filters, long recordCount, String status, String scheduleId, String runId, String detail) {

        public static Entry export(long occurredMs, String keyId, String origin, String dataType, String format, Map<String, Object> filters,
                long recordCount, String status, String scheduleId, String runId, String detail) {
            return new Entry("aud_" + UUID.randomUUID().toString().replace("-", ""), occurredMs, keyId, "export", origin, dataType, format,
                    filters, recordCount, status, scheduleId, runId, detail);
        }

        /** The entry as the API shows it; {@code keyOwner} is the key's owner, null when it has none. */
        public Map<String, Object> toJson(String keyOwner) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("occurredAt", Values.instant(occurredMs));
            m.put("keyId", keyId);
            m.put("keyOwner", keyOwner);
            m.put("action", action);
            m.put("origin", origin);
            m.put("dataType", dataType);
            m.put("format", format.isEmpty() ? null : format);
            m.put("filters", filters);
            m.put("recordCount", recordCount);
            m.put("status", status);
            m.put("scheduleId", scheduleId.isEmpty() ? null : scheduleId);
            m.put("runId", runId.isEmpty() ? null : runId);
            m.put("detail", detail.isEmpty() ? null : detail);
            return m;
        }
    }

    /** A page of entries, newest first, and how many match in all. */
    public record Page(List<Entry> entries, long total) {
    }

    public void record(String accountId, Entry e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", accountId).put("audit_id", e.id()).put("occurred_at", Values.clickHouseDateTime(e.occurredMs())).put("occurred_ms", e.occurredMs())
                .put("key_id", e.keyId()).put("action", e.action()).put("origin", e.origin()).put("data_type", e.dataType())
                .put("format", e.format()).put("filters", json(e.filters())).put("record_count", e.recordCount()).put("status", e.status())
                .put("schedule_id", e.scheduleId()).put("run_id", e.runId()).put("detail", e.detail());
        clickHouse.insertJsonEachRow(Tables.EXPORT_AUDIT_LOG, n.toString());
    }

    /** Entries of the account in the date range (open ends allowed), optionally of one action, newest first. */
    public Page list(String accountId, DateFilter range, String action, int page, int limit) {
        String where = "account_id = " + Sql.quote(accountId) + " AND " + range.sqlOn("occurred_ms")
                + (action == null ? "" : " AND action = " + Sql.quote(action));
        long total = clickHouse.queryRows("SELECT count() AS n FROM " + Tables.EXPORT_AUDIT_LOG + " FINAL WHERE " + where).get(0).path("n").asLong();
        List<Entry> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT * FROM " + Tables.EXPORT_AUDIT_LOG + " FINAL WHERE " + where
                + " ORDER BY occurred_ms DESC, audit_id DESC LIMIT " + limit + " OFFSET " + (long) (page - 1) * limit)) {
            out.add(new Entry(r.path("audit_id").asText(), r.path("occurred_ms").asLong(), r.path("key_id").asText(), r.path("action").asText(),
                    r.path("origin").asText(), r.path("data_type").asText(), r.path("format").asText(), filters(r.path("filters").asText()),
                    r.path("record_count").asLong(), r.path("status").asText(), r.path("schedule_id").asText(), r.path("run_id").asText(),
                    r.path("detail").asText()));
        }
        return new Page(out, total);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> filters(String json) {
        try {
            return JSON.readValue(json.isEmpty() ? "{}" : json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Map<String, Object> filters) {
        try {
            return JSON.writeValueAsString(filters);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
