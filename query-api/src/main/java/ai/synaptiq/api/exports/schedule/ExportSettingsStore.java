package ai.synaptiq.api.exports.schedule;

import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.exports.delivery.DestinationPolicy;
import ai.synaptiq.api.exports.delivery.Secret;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import ai.synaptiq.api.exports.integrations.AlertChannelStore;
import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Each account's export settings, in {@code synaptiq.export_settings} (the newest row wins); the alert webhook is an alert channel. */
public record ExportSettingsStore(ClickHouseClient clickHouse, Clock clock, DestinationPolicy policy, SecretsKey secrets, AlertChannelStore alerts) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Applies a {@code PUT /v1/exports/settings} body. The alert webhook is the account's first
     * webhook alert channel: setting it replaces that channel (or adds one), an empty URL removes it,
     * email channels stay. An alert webhook the destination policy refuses is a 400; its secret is
     * stored sealed.
     */
    public ExportSettings update(String accountId, String keyId, JsonNode body) {
        ExportSettings s = get(accountId).updatedBy(body);
        ExportSettings row = stored(accountId);
        if (body.has("alertWebhookUrl") || body.has("alertWebhookSecret")) {
            Destination.Webhook hook = null;
            if (!s.alertWebhookUrl().isEmpty()) {
                policy.checkUrl(s.alertWebhookUrl(), "alertWebhookUrl");
                hook = new Destination.Webhook(s.alertWebhookUrl(), secrets.seal(s.alertWebhookSecret()));
            }
            List<Destination> channels = new ArrayList<>(alerts.get(accountId));
            int first = IntStream.range(0, channels.size()).filter(i -> channels.get(i) instanceof Destination.Webhook).findFirst().orElse(-1);
            if (first < 0 && hook != null) {
                channels.add(hook);
            } else if (first >= 0 && hook != null) {
                channels.set(first, hook);
            } else if (first >= 0) {
                channels.remove(first);
            }
            alerts.put(accountId, keyId, channels.stream().map(c -> c.sealedWith(secrets)).toList());
        }
        // The row's own alert webhook columns are what an earlier version wrote; kept as they are for accounts without channels.
        put(accountId, keyId, new ExportSettings(s.zone(), row.alertWebhookUrl(), row.alertWebhookSecret()));
        return get(accountId);
    }

    /** The account's timezone, and its first webhook alert channel as the alert webhook. */
    public ExportSettings get(String accountId) {
        Destination.Webhook hook = alerts.get(accountId).stream().filter(c -> c instanceof Destination.Webhook).map(c -> (Destination.Webhook) c)
                .findFirst().orElse(new Destination.Webhook("", Secret.NONE));
        return new ExportSettings(stored(accountId).zone(), hook.url(), hook.secret());
    }

    /** The timezone the account's schedules run in. */
    public ZoneId zone(String accountId) {
        return stored(accountId).zone();
    }

    /** The settings row as stored, with the alert webhook columns an earlier version wrote. */
    private ExportSettings stored(String accountId) {
        return clickHouse.queryFirstRow("SELECT timezone, alert_webhook_url, alert_webhook_secret FROM " + Tables.EXPORT_SETTINGS
                + " FINAL WHERE account_id = " + Sql.quote(accountId))
                .map(r -> new ExportSettings(ZoneId.of(r.path("timezone").asText("UTC")), r.path("alert_webhook_url").asText(),
                        new Secret(r.path("alert_webhook_secret").asText())))
                .orElse(ExportSettings.DEFAULT);
    }

    /** Seals alert webhook secrets stored in plain text by an earlier version (see ScheduleStore#sealPlainSecrets). */
    public int sealPlainSecrets() {
        int sealed = 0;
        for (JsonNode r : clickHouse.queryRows("SELECT * FROM " + Tables.EXPORT_SETTINGS + " FINAL WHERE alert_webhook_secret != ''"
                + " AND substring(alert_webhook_secret, 1, 7) != 'sealed:'")) {
            ObjectNode n = ((ObjectNode) r.deepCopy());
            n.put("alert_webhook_secret", secrets.seal(new Secret(r.path("alert_webhook_secret").asText())).text())
                    .put("updated_ms", r.path("updated_ms").asLong() + 1);
            clickHouse.insertJsonEachRow(Tables.EXPORT_SETTINGS, n.toString());
            sealed++;
        }
        if (sealed > 0) {
            clickHouse.mergeAllVersions(Tables.EXPORT_SETTINGS);
        }
        return sealed;
    }

    private ExportSettings put(String accountId, String keyId, ExportSettings s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", accountId).put("timezone", s.zone().getId()).put("alert_webhook_url", s.alertWebhookUrl())
                .put("alert_webhook_secret", s.alertWebhookSecret().text()).put("updated_ms", clock.millis()).put("updated_by", keyId);
        clickHouse.insertJsonEachRow(Tables.EXPORT_SETTINGS, n.toString());
        return s;
    }
}
