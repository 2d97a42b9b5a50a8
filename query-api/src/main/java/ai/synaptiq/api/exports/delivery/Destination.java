package ai.synaptiq.api.exports.delivery;

import ai.synaptiq.api.errors.InvalidRequestException;
import ai.synaptiq.api.http.ParameterRules;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where a scheduled export's file goes: email attachment, webhook POST, an S3-compatible bucket, a
 * Google Cloud Storage bucket, a Dropbox folder, or one of the account's stored cloud credentials
 * named by an {@link Linked integration} (docs/exports.md, "Integrations").
 */
public sealed interface Destination {
    ObjectMapper JSON = new ObjectMapper();
    Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]{1,64}@[^@\\s,;<>\"]{1,255}\\.[^@\\s,;<>\"]{1,63}");
    Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");
    /** A Dropbox folder: empty (the app's root) or /-separated names, without a trailing slash. */
    Pattern DROPBOX_FOLDER = Pattern.compile("(/[^/\\p{Cntrl}]{1,255}){0,32}");
    /** What a schedule may name: every kind, and stored credentials by integration. */
    Set<String> SCHEDULE_TYPES = Set.of("email", "webhook", "s3", "gcs", "dropbox");
    /** The kinds an account stores as an integration (cloud storage). */
    Set<String> STORAGE_TYPES = Set.of("s3", "gcs", "dropbox");
    /** The kinds of alert channel. */
    Set<String> ALERT_TYPES = Set.of("email", "webhook");

    String type();

    /** The destination as stored, its secret as it is kept (sealed once {@link #sealedWith} ran). */
    ObjectNode stored();

    /** The destination as the API shows it: a secret only as {@code ****} and its last 4 characters. */
    ObjectNode shown();

    /** The same destination with its secret sealed by {@code key}. */
    default Destination sealedWith(SecretsKey key) {
        return this;
    }

    /** Refuses (400 naming the field {@code field}.url or .endpoint) an address the policy does not allow. */
    default void checkWith(DestinationPolicy policy, String field) {
    }

    /** A short description for the run history, without secrets. */
    String target();

    /** The same cloud destination writing under another prefix or folder ({@code location}: the field a schedule gives). */
    default Destination at(String location) {
        return this;
    }

    record Email(List<String> to) implements Destination {
        public String type() {
            return "email";
        }

        public ObjectNode stored() {
            ObjectNode n = JSON.createObjectNode().put("type", type());
            ArrayNode a = n.putArray("to");
            to.forEach(a::add);
            return n;
        }

        public ObjectNode shown() {
            return stored();
        }

        public String target() {
            return String.join(", ", to);
        }
    }

    record Webhook(String url, Secret secret) implements Destination {
        public String type() {
            return "webhook";
        }

        public ObjectNode stored() {
            return JSON.createObjectNode().put("type", type()).put("url", url).put("secret", secret.text());
        }

        public ObjectNode shown() {
            return JSON.createObjectNode().put("type", type()).put("url", url).put("secret", secret.masked()).put("secretSet", true);
        }

        public Destination sealedWith(SecretsKey key) {
            return new Webhook(url, key.seal(secret));
        }

        public void checkWith(DestinationPolicy policy, String field) {
            policy.checkUrl(url, field + ".url");
        }

        public String target() {
            return url;
        }
    }

    /** An S3 bucket, or any S3-compatible store when {@code endpoint} is given. */
    record S3(String bucket, String prefix, String region, String endpoint, String accessKeyId, Secret secretAccessKey,
            boolean pathStyle) implements Destination {
        public String type() {
            return "s3";
        }

        public ObjectNode stored() {
            return common().put("secretAccessKey", secretAccessKey.text());
        }

        public ObjectNode shown() {
            return common().put("secretAccessKey", secretAccessKey.masked());
        }

        private ObjectNode common() {
            return JSON.createObjectNode().put("type", type()).put("bucket", bucket).put("prefix", prefix).put("region", region)
                    .put("endpoint", endpoint).put("accessKeyId", accessKeyId).put("pathStyle", pathStyle);
        }

        public Destination sealedWith(SecretsKey key) {
            return new S3(bucket, prefix, region, endpoint, accessKeyId, key.seal(secretAccessKey), pathStyle);
        }

        public void checkWith(DestinationPolicy policy, String field) {
            if (!endpoint.isEmpty()) {
                policy.checkUrl(endpoint, field + ".endpoint");
            }
        }

        public String target() {
            return "s3://" + bucket + "/" + prefix;
        }

        public Destination at(String location) {
            return new S3(bucket, location, region, endpoint, accessKeyId, secretAccessKey, pathStyle);
        }
    }

    /** A Google Cloud Storage bucket, reached through its S3-compatible XML API with an HMAC key (access id and secret). */
    record Gcs(String bucket, String prefix, String accessId, Secret secret) implements Destination {
        public String type() {
            return "gcs";
        }

        public ObjectNode stored() {
            return common().put("secret", secret.text());
        }

        public ObjectNode shown() {
            return common().put("secret", secret.masked()).put("secretSet", true);
        }

        private ObjectNode common() {
            return JSON.createObjectNode().put("type", type()).put("bucket", bucket).put("prefix", prefix).put("accessId", accessId);
        }

        public Destination sealedWith(SecretsKey key) {
            return new Gcs(bucket, prefix, accessId, key.seal(secret));
        }

        public String target() {
            return "gs://" + bucket + "/" + prefix;
        }

        public Destination at(String location) {
            return new Gcs(bucket, location, accessId, secret);
        }
    }

    /** A Dropbox folder, written through Dropbox's HTTP API with an access token; {@code mode} add (renamed on a clash) or overwrite. */
    record Dropbox(String folder, Secret accessToken, String mode) implements Destination {
        public String type() {
            return "dropbox";
        }

        public ObjectNode stored() {
            return JSON.createObjectNode().put("type", type()).put("folder", folder).put("accessToken", accessToken.text()).put("mode", mode);
        }

        public ObjectNode shown() {
            return JSON.createObjectNode().put("type", type()).put("folder", folder).put("accessToken", accessToken.masked()).put("mode", mode)
                    .put("secretSet", true);
        }

        public Destination sealedWith(SecretsKey key) {
            return new Dropbox(folder, key.seal(accessToken), mode);
        }

        public String target() {
            return "dropbox:" + folder + "/";
        }

        public Destination at(String location) {
            return new Dropbox(location, accessToken, mode);
        }

        /** The Dropbox path of a file in this folder. */
        public String path(String fileName) {
            return folder + "/" + fileName;
        }
    }

    /**
     * The account's stored credentials {@code integration} of kind {@code type}, resolved at each
     * delivery (so new credentials apply to every schedule naming them); {@code location}, when not
     * empty, replaces the integration's prefix (s3, gcs) or folder (dropbox).
     */
    record Linked(String type, String integration, String location) implements Destination {
        public ObjectNode stored() {
            ObjectNode n = JSON.createObjectNode().put("type", type).put("integration", integration);
            return location.isEmpty() ? n : n.put(locationField(type), location);
        }

        public ObjectNode shown() {
            return stored();
        }

        public String target() {
            return type + " integration " + integration + (location.isEmpty() ? "" : " at " + location);
        }

        /** The stored credentials {@code d} (of this integration) with this reference's location. */
        public Destination resolve(Destination d) throws DeliveryException {
            if (!d.type().equals(type)) {
                throw new DeliveryException("integration " + integration + " holds " + d.type() + " credentials, not " + type, null);
            }
            return location.isEmpty() ? d : d.at(location);
        }
    }

    /** Reads and validates the {@code destinations} array of a schedule (400 on anything wrong). */
    static List<Destination> listOf(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new InvalidRequestException("'destinations' must list at least one destination (email, webhook, s3, gcs or dropbox)");
        }
        return listOf(array, "destinations", SCHEDULE_TYPES, true, 10);
    }

    /** Reads {@code array} (at most {@code max} items) of destinations of {@code types}, references to integrations if {@code linked}. */
    static List<Destination> listOf(JsonNode array, String field, Set<String> types, boolean linked, int max) {
        if (array == null || !array.isArray()) {
            throw new InvalidRequestException("'" + field + "' must be a list");
        }
        if (array.size() > max) {
            throw new InvalidRequestException("'" + field + "' takes at most " + max + " items");
        }
        List<Destination> out = new ArrayList<>();
        for (JsonNode d : array) {
            out.add(of(d, types, linked));
        }
        return out;
    }

    /** One destination of {@code types}; with {@code linked}, a storage kind may name an {@code integration} instead of credentials. */
    static Destination of(JsonNode d, Set<String> types, boolean linked) {
        String type = d.path("type").asText();
        if (!types.contains(type)) {
            throw new InvalidRequestException("a destination's 'type' must be " + String.join(", ", new TreeSet<>(types)) + "; got "
                    + ParameterRules.quote(type));
        }
        if (linked && STORAGE_TYPES.contains(type) && d.has("integration")) {
            only(d, Set.of("type", "integration", locationField(type)));
            String name = d.path("integration").asText();
            if (!Vocabulary.ID.matcher(name).matches()) {
                throw new InvalidRequestException("'integration' names stored credentials: 1-64 characters of [A-Za-z0-9_-]");
            }
            return new Linked(type, name, type.equals("dropbox") ? folder(d) : prefix(d));
        }
        return switch (type) {
            case "email" -> {
                only(d, Set.of("type", "to"));
                List<String> to = new ArrayList<>();
                JsonNode list = d.path("to");
                if (list.isTextual()) {
                    for (String s : list.asText().split(",")) {
                        to.add(s.strip());
                    }
                } else {
                    list.forEach(v -> to.add(v.asText().strip()));
                }
                if (to.isEmpty() || to.size() > 50 || !to.stream().allMatch(a -> EMAIL.matcher(a).matches())) {
                    throw new InvalidRequestException("an email destination needs 'to': 1 to 50 email addresses");
                }
                yield new Email(List.copyOf(to));
            }
            case "webhook" -> {
                only(d, Set.of("type", "url", "secret"));
                // The URL is checked by the destination policy when the schedule is saved, and again on every send.
                String url = d.path("url").asText();
                Secret secret = secret(d, "secret");
                if (!secret.sealed() && (secret.text().length() < 16 || secret.text().length() > 256)) {
                    throw new InvalidRequestException("a webhook destination needs a 'secret' of 16 to 256 characters to sign its requests");
                }
                yield new Webhook(url, secret);
            }
            case "s3" -> {
                only(d, Set.of("type", "bucket", "prefix", "region", "endpoint", "accessKeyId", "secretAccessKey", "pathStyle"));
                String bucket = bucket(d);
                String prefix = prefix(d);
                String region = d.path("region").asText("us-east-1");
                if (!region.matches("[a-z0-9-]{2,32}")) {
                    throw new InvalidRequestException("an s3 'region' looks like us-east-1");
                }
                String endpoint = d.path("endpoint").asText("");
                String key = d.path("accessKeyId").asText();
                Secret secret = secret(d, "secretAccessKey");
                if (key.isEmpty() || secret.isEmpty()) {
                    throw new InvalidRequestException("an s3 destination needs 'accessKeyId' and 'secretAccessKey'");
                }
                yield new S3(bucket, prefix, region, endpoint, key, secret, d.path("pathStyle").asBoolean(!endpoint.isEmpty()));
            }
            case "gcs" -> {
                only(d, Set.of("type", "bucket", "prefix", "accessId", "secret"));
                String bucket = bucket(d);
                String prefix = prefix(d);
                String accessId = d.path("accessId").asText();
                Secret secret = secret(d, "secret");
                if (accessId.isEmpty() || secret.isEmpty()) {
                    throw new InvalidRequestException("a gcs destination needs the HMAC key's 'accessId' and 'secret'");
                }
                yield new Gcs(bucket, prefix, accessId, secret);
            }
            default -> {
                only(d, Set.of("type", "folder", "accessToken", "mode"));
                String folder = folder(d);
                Secret token = secret(d, "accessToken");
                if (token.isEmpty()) {
                    throw new InvalidRequestException("a dropbox destination needs an 'accessToken'");
                }
                String mode = d.path("mode").asText("add");
                if (!mode.equals("add") && !mode.equals("overwrite")) {
                    throw new InvalidRequestException("a dropbox 'mode' is add (a clashing name is renamed) or overwrite");
                }
                yield new Dropbox(folder, token, mode);
            }
        };
    }

    /** The field of a destination of {@code type} that says where in the bucket or account files go. */
    static String locationField(String type) {
        return type.equals("dropbox") ? "folder" : "prefix";
    }

    private static String bucket(JsonNode d) {
        String bucket = d.path("bucket").asText();
        if (!BUCKET.matcher(bucket).matches()) {
            throw new InvalidRequestException("a " + d.path("type").asText() + " destination needs a valid 'bucket' name");
        }
        return bucket;
    }

    private static String prefix(JsonNode d) {
        String prefix = d.path("prefix").asText("");
        if (prefix.length() > 512 || prefix.startsWith("/") || prefix.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("a " + d.path("type").asText() + " 'prefix' is a key prefix such as exports/leads/ (no leading slash)");
        }
        return prefix;
    }

    private static String folder(JsonNode d) {
        String folder = d.path("folder").asText("");
        if (!DROPBOX_FOLDER.matcher(folder).matches()) {
            throw new InvalidRequestException("a dropbox 'folder' is a path such as /Exports/Synaptiq (leading slash, none at the end; empty: the root)");
        }
        return folder;
    }

    /** A secret as given or stored; its masked form (as the API shows it) is not a secret. */
    private static Secret secret(JsonNode d, String field) {
        String text = d.path(field).asText();
        if (text.startsWith("****")) {
            throw new InvalidRequestException("'" + field + "' is shown masked and cannot be sent back: send the secret itself");
        }
        return new Secret(text);
    }

    private static void only(JsonNode d, Set<String> fields) {
        d.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw new InvalidRequestException("unknown field '" + f + "' in a " + d.path("type").asText() + " destination");
            }
        });
    }
}
