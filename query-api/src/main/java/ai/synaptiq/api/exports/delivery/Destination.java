package ai.synaptiq.api.exports.delivery;

import ai.synaptiq.api.errors.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Where a scheduled export's file goes: email attachment, webhook POST or an S3-compatible bucket. */
public sealed interface Destination {
    ObjectMapper JSON = new ObjectMapper();
    Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]{1,64}@[^@\\s,;<>\"]{1,255}\\.[^@\\s,;<>\"]{1,63}");
    Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

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
    }

    /** Reads and validates the {@code destinations} array of a schedule (400 on anything wrong). */
    static List<Destination> listOf(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new InvalidRequestException("'destinations' must list at least one destination (email, webhook or s3)");
        }
        if (array.size() > 10) {
            throw new InvalidRequestException("a schedule takes at most 10 destinations");
        }
        List<Destination> out = new ArrayList<>();
        for (JsonNode d : array) {
            out.add(of(d));
        }
        return out;
    }

    static Destination of(JsonNode d) {
        String type = d.path("type").asText();
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
                String bucket = d.path("bucket").asText();
                if (!BUCKET.matcher(bucket).matches()) {
                    throw new InvalidRequestException("an s3 destination needs a valid 'bucket' name");
                }
                String prefix = d.path("prefix").asText("");
                if (prefix.length() > 512 || prefix.startsWith("/") || prefix.chars().anyMatch(Character::isISOControl)) {
                    throw new InvalidRequestException("an s3 'prefix' is a key prefix such as exports/leads/ (no leading slash)");
                }
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
            default -> throw new InvalidRequestException("a destination's 'type' must be email, webhook or s3; got '" + type + "'");
        };
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
