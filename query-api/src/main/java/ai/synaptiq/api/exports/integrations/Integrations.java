package ai.synaptiq.api.exports.integrations;

import ai.synaptiq.api.errors.ConflictException;
import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.errors.NotFoundException;
import ai.synaptiq.api.exports.delivery.Deliveries;
import ai.synaptiq.api.exports.delivery.DeliveryContext;
import ai.synaptiq.api.exports.delivery.DeliveryException;
import ai.synaptiq.api.exports.delivery.Destination;
import ai.synaptiq.api.exports.delivery.DestinationPolicy;
import ai.synaptiq.api.exports.delivery.SecretsKey;
import ai.synaptiq.api.exports.delivery.StoredFile;
import ai.synaptiq.api.exports.format.Values;
import ai.synaptiq.api.exports.schedule.Schedule;
import ai.synaptiq.api.exports.schedule.ScheduleStore;
import ai.synaptiq.api.http.Caller;
import ai.synaptiq.api.http.ParameterRules;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's cloud credentials, stored once and named (docs/exports.md, "Integrations"): set,
 * read (secrets masked), delete (refused while a schedule names them), and a test upload that
 * reports what the destination said. Alert channels are set here too.
 */
public record Integrations(IntegrationStore store, AlertChannelStore alerts, ScheduleStore schedules, Deliveries deliveries, DestinationPolicy policy,
            SecretsKey secrets, Clock clock) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Stores the credentials of {@code body} as {@code name}; changing the kind of credentials a schedule names is a 409. */
    public Map<String, Object> put(Caller caller, String name, JsonNode body) {
        if (!Vocabulary.ID.matcher(name).matches()) {
            throw new InvalidRequestException("an integration's name is 1-64 characters of [A-Za-z0-9_-], got " + ParameterRules.quote(name));
        }
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("an integration is a JSON object: an s3, gcs or dropbox destination with its credentials");
        }
        Destination d = Destination.of(body, Destination.STORAGE_TYPES, false);
        d.checkWith(policy, "integration");
        List<String> users = usedBy(caller.accountId(), name);
        store.get(caller.accountId(), name).filter(old -> !old.destination().type().equals(d.type()) && !users.isEmpty()).ifPresent(old -> {
            throw new ConflictException("integration " + name + " holds " + old.destination().type() + " credentials that schedules use ("
                    + String.join(", ", users) + "); give the new " + d.type() + " credentials another name");
        });
        return toJson(store.save(caller.accountId(), caller.keyId(), name, d.sealedWith(secrets)), users);
    }

    public Map<String, Object> get(String accountId, String name) {
        return toJson(find(accountId, name), usedBy(accountId, name));
    }

    public List<Map<String, Object>> list(String accountId) {
        List<Schedule> all = schedules.list(accountId);
        return store.list(accountId).stream().map(i -> toJson(i, usedBy(all, i.name()))).toList();
    }

    /** Deletes the credentials; 409 naming the schedules while any (active or paused) names them. */
    public void delete(Caller caller, String name) {
        IntegrationStore.Integration i = find(caller.accountId(), name);
        List<String> users = usedBy(caller.accountId(), name);
        if (!users.isEmpty()) {
            throw new ConflictException("integration " + name + " is used by schedules " + String.join(", ", users)
                    + "; change or delete them first");
        }
        store.delete(caller.accountId(), caller.keyId(), i);
    }

    /** Uploads a small text file with the stored credentials; the outcome (delivered, or the destination's error) is the answer. */
    public Map<String, Object> test(String accountId, String name) {
        IntegrationStore.Integration i = find(accountId, name);
        long now = clock.millis();
        String fileName = "synaptiq-connection-test-" + STAMP.format(clock.instant()) + ".txt";
        byte[] text = ("Synaptiq connection test of integration " + name + " at " + Values.instant(now)
                + ". Scheduled exports naming this integration will arrive here; this file may be deleted.\n").getBytes(StandardCharsets.UTF_8);
        String error = null;
        try {
            deliveries.deliver(i.destination(), 0, new StoredFile(fileName, "text/plain; charset=utf-8", text.length, () -> new ByteArrayInputStream(text)),
                    new DeliveryContext(accountId, "", "Connection test", "test_" + now, "", ""));
        } catch (DeliveryException e) {
            error = e.getMessage();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", i.destination().type());
        m.put("target", i.destination().target());
        m.put("outcome", error == null ? "delivered" : "failed");
        m.put("error", error);
        m.put("fileName", fileName);
        m.put("testedAt", Values.instant(now));
        return m;
    }

    /** The account's alert channels as the API shows them. */
    public Map<String, Object> alertChannels(String accountId) {
        return Map.of("channels", alerts.get(accountId).stream().map(Destination::shown).toList());
    }

    /** Replaces the account's alert channels: {@code {"channels": [email and webhook destinations]}}. */
    public Map<String, Object> putAlertChannels(Caller caller, JsonNode body) {
        if (body == null || !body.isObject() || body.size() != 1 || !body.has("channels")) {
            throw new InvalidRequestException("the alert channels are {\"channels\": [...]}, a list of email and webhook channels (empty: none)");
        }
        List<Destination> channels = Destination.listOf(body.get("channels"), "channels", Destination.ALERT_TYPES, false, AlertChannelStore.MAX);
        for (int i = 0; i < channels.size(); i++) {
            channels.get(i).checkWith(policy, "channels[" + i + "]");
        }
        alerts.put(caller.accountId(), caller.keyId(), channels.stream().map(c -> c.sealedWith(secrets)).toList());
        return alertChannels(caller.accountId());
    }

    private IntegrationStore.Integration find(String accountId, String name) {
        return store.get(accountId, name).orElseThrow(() -> new NotFoundException("no integration " + name));
    }

    /** The ids of the account's schedules (active or paused) that name the integration. */
    private List<String> usedBy(String accountId, String name) {
        return usedBy(schedules.list(accountId), name);
    }

    private static List<String> usedBy(List<Schedule> all, String name) {
        return all.stream().filter(s -> s.definition().destinations().stream()
                .anyMatch(d -> d instanceof Destination.Linked l && l.integration().equals(name))).map(s -> s.id()).toList();
    }

    private static Map<String, Object> toJson(IntegrationStore.Integration i, List<String> usedBy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        ObjectNode shown = i.destination().shown();
        shown.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
        m.put("updatedAt", Values.instant(i.updatedMs()));
        m.put("updatedBy", i.updatedBy());
        m.put("usedBy", usedBy);
        return m;
    }
}
