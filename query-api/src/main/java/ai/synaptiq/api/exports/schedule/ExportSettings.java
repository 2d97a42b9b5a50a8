package ai.synaptiq.api.exports.schedule;

import static ai.synaptiq.api.http.ParameterRules.quote;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.exports.delivery.Secret;
import ai.synaptiq.api.http.ParameterRules;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Account-wide export settings: the timezone schedules run in (default UTC) and the alert webhook
 * told when a scheduled delivery failed for good (signed like webhook deliveries).
 */
public record ExportSettings(ZoneId zone, String alertWebhookUrl, Secret alertWebhookSecret) {
    public static final ExportSettings DEFAULT = new ExportSettings(ParameterRules.UTC, "", Secret.NONE);

    /** Reads a {@code PUT /v1/exports/settings} body; what is left out keeps its current value. */
    public ExportSettings updatedBy(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("the settings are a JSON object with timezone, alertWebhookUrl, alertWebhookSecret");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!Set.of("timezone", "alertWebhookUrl", "alertWebhookSecret").contains(f)) {
                throw new InvalidRequestException("unknown setting " + quote(f) + "; known: timezone, alertWebhookUrl, alertWebhookSecret");
            }
        });
        ZoneId z = body.hasNonNull("timezone") ? ParameterRules.zone("timezone", body.get("timezone").asText()) : zone;
        String url = body.has("alertWebhookUrl") ? body.path("alertWebhookUrl").asText("") : alertWebhookUrl;
        Secret secret = body.has("alertWebhookSecret") ? new Secret(body.path("alertWebhookSecret").asText("")) : alertWebhookSecret;
        if (secret.text().startsWith("****")) {
            throw new InvalidRequestException("'alertWebhookSecret' is shown masked and cannot be sent back: send the secret itself");
        }
        if (!url.isEmpty()) {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                u = null;
            }
            if (u == null || u.getHost() == null || !Set.of("http", "https").contains(u.getScheme())) {
                throw new InvalidRequestException("'alertWebhookUrl' must be an http(s) URL");
            }
            if (!secret.sealed() && secret.text().length() < 16) {
                throw new InvalidRequestException("an alert webhook needs 'alertWebhookSecret' of at least 16 characters to sign its requests");
            }
        }
        return new ExportSettings(z, url, secret);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timezone", zone.getId());
        m.put("alertWebhookUrl", alertWebhookUrl.isEmpty() ? null : alertWebhookUrl);
        m.put("alertWebhookSecret", alertWebhookSecret.isEmpty() ? null : alertWebhookSecret.masked());
        m.put("alertWebhookSecretSet", !alertWebhookSecret.isEmpty());
        return m;
    }
}
