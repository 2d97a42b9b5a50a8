package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneId;

/** Each account's export settings, in {@code synaptiq.export_settings} (the newest row wins). */
public final class ExportSettingsStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClickHouseClient clickHouse;
    private final Clock clock;

    public ExportSettingsStore(ClickHouseClient clickHouse, Clock clock) {
        this.clickHouse = clickHouse;
        this.clock = clock;
    }

    public ExportSettings get(String accountId) {
        JsonNode rows = clickHouse.queryRows("SELECT timezone, alert_webhook_url, alert_webhook_secret FROM " + Tables.EXPORT_SETTINGS
                + " FINAL WHERE account_id = " + Sql.quote(accountId));
        if (rows.size() == 0) {
            return ExportSettings.DEFAULT;
        }
        JsonNode r = rows.get(0);
        return new ExportSettings(ZoneId.of(r.path("timezone").asText("UTC")), r.path("alert_webhook_url").asText(),
                r.path("alert_webhook_secret").asText());
    }

    public ExportSettings put(String accountId, String keyId, ExportSettings s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", accountId).put("timezone", s.zone().getId()).put("alert_webhook_url", s.alertWebhookUrl())
                .put("alert_webhook_secret", s.alertWebhookSecret()).put("updated_ms", clock.millis()).put("updated_by", keyId);
        clickHouse.insertJsonEachRow(Tables.EXPORT_SETTINGS, n.toString());
        return s;
    }
}
