package ai.synaptiq.api.exports.governance;

import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Dashboard notifications (a processed erasure, a delivery that failed for good), in {@code synaptiq.notifications}. */
public record Notifications(ClickHouseClient clickHouse, Clock clock) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A notification; {@code keyId} is the key it comes from (the erasure's requester, the schedule's creator). */
    public record Notification(String id, long createdMs, String kind, String title, String message, String refId, String keyId) {
        /** The notification as the API shows it; {@code keyOwner} is the key's owner, null when it has none. */
        public Map<String, Object> toJson(String keyOwner) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("createdAt", Values.instant(createdMs));
            m.put("kind", kind);
            m.put("title", title);
            m.put("message", message);
            m.put("refId", refId);
            m.put("keyId", keyId.isEmpty() ? null : keyId);
            m.put("keyOwner", keyOwner);
            return m;
        }
    }

    public Notification add(String accountId, String kind, String title, String message, String refId, String keyId) {
        Notification n = new Notification("ntf_" + UUID.randomUUID().toString().replace("-", ""), clock.millis(), kind, title, message, refId,
                keyId);
        ObjectNode row = JSON.createObjectNode();
        row.put("account_id", accountId).put("notification_id", n.id()).put("created_at", Values.clickHouseDateTime(n.createdMs())).put("created_ms", n.createdMs())
                .put("kind", kind).put("title", title).put("message", message).put("ref_id", refId).put("key_id", keyId);
        clickHouse.insertJsonEachRow(Tables.NOTIFICATIONS, row.toString());
        return n;
    }

    /** The account's newest notifications first. */
    public List<Notification> list(String accountId, int limit) {
        List<Notification> out = new ArrayList<>();
        for (JsonNode r : clickHouse.queryRows("SELECT notification_id, created_ms, kind, title, message, ref_id, key_id FROM " + Tables.NOTIFICATIONS
                + " FINAL WHERE account_id = " + Sql.quote(accountId) + " ORDER BY created_ms DESC, notification_id DESC LIMIT " + limit)) {
            out.add(new Notification(r.path("notification_id").asText(), r.path("created_ms").asLong(), r.path("kind").asText(),
                    r.path("title").asText(), r.path("message").asText(), r.path("ref_id").asText(), r.path("key_id").asText()));
        }
        return out;
    }
}
