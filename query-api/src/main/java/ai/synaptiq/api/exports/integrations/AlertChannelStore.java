package ai.synaptiq.api.exports.integrations;

import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.exports.delivery.Secret;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * Each account's alert channels (email addresses and signed webhooks told when a scheduled delivery
 * failed for good) in {@code synaptiq.export_alert_channels}, webhook secrets sealed. An account
 * without a row there has the one alert webhook an earlier version kept in {@code export_settings}.
 */
public record AlertChannelStore(ClickHouseClient clickHouse, Clock clock) {
    /** The most channels an account may have. */
    public static final int MAX = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    public List<Destination> get(String accountId) {
        String account = Sql.quote(accountId);
        JsonNode rows = clickHouse.queryRows("SELECT channels FROM " + Tables.EXPORT_ALERT_CHANNELS + " FINAL WHERE account_id = " + account);
        if (rows.size() > 0) {
            try {
                return Destination.listOf(JSON.readTree(rows.get(0).path("channels").asText()), "channels", Destination.ALERT_TYPES, false, MAX);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("unreadable alert channels of " + accountId, e);
            }
        }
        JsonNode legacy = clickHouse.queryRows("SELECT alert_webhook_url, alert_webhook_secret FROM " + Tables.EXPORT_SETTINGS
                + " FINAL WHERE account_id = " + account);
        if (legacy.size() == 0 || legacy.get(0).path("alert_webhook_url").asText().isEmpty()) {
            return List.of();
        }
        return List.of(new Destination.Webhook(legacy.get(0).path("alert_webhook_url").asText(),
                new Secret(legacy.get(0).path("alert_webhook_secret").asText())));
    }

    /** Replaces the account's channels by {@code sealed} (webhook secrets already sealed). */
    public List<Destination> put(String accountId, String keyId, List<Destination> sealed) {
        ArrayNode channels = JSON.createArrayNode();
        sealed.forEach(c -> channels.add(c.stored()));
        clickHouse.insertJsonEachRow(Tables.EXPORT_ALERT_CHANNELS, JSON.createObjectNode().put("account_id", accountId)
                .put("channels", channels.toString()).put("updated_ms", clock.millis()).put("updated_by", keyId).toString());
        return sealed;
    }
}
