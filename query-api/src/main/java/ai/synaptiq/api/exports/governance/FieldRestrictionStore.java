package ai.synaptiq.api.exports.governance;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/** Each account's field restrictions, in {@code synaptiq.export_field_restrictions} (the newest row wins). */
public record FieldRestrictionStore(ClickHouseClient clickHouse, Clock clock) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FieldRestrictions get(String accountId) {
        JsonNode rows = clickHouse.queryRows("SELECT fields FROM " + Tables.EXPORT_FIELD_RESTRICTIONS + " FINAL WHERE account_id = "
                + Sql.quote(accountId));
        Set<String> fields = new HashSet<>();
        if (rows.size() > 0) {
            rows.get(0).path("fields").forEach(f -> fields.add(f.asText()));
        }
        return new FieldRestrictions(fields);
    }

    public FieldRestrictions put(String accountId, String keyId, FieldRestrictions restrictions) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", accountId).put("updated_ms", clock.millis()).put("updated_by", keyId);
        restrictions.fields().stream().sorted().forEach(n.putArray("fields")::add);
        if (!n.has("fields")) {
            n.putArray("fields");
        }
        clickHouse.insertJsonEachRow(Tables.EXPORT_FIELD_RESTRICTIONS, n.toString());
        return restrictions;
    }
}
