package ai.synaptiq.api.keys;

import ai.synaptiq.schemas.clickhouse.ClickHouseClient;
import ai.synaptiq.schemas.clickhouse.Sql;
import ai.synaptiq.schemas.clickhouse.Tables;
import ai.synaptiq.schemas.events.Vocabulary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys in synaptiq.api_keys. A key is {@code sk_live_} and 32 random letters and digits; only
 * its SHA-256 is stored. Revocation writes a newer version of the key's row (see 002_api_keys.sql).
 */
public final class ApiKeyStore {
    public static final String PREFIX = "sk_live_";
    /** The shape of a key this store could have issued; anything else is refused without a lookup. */
    public static final Pattern KEY_SHAPE = Pattern.compile("sk_live_[A-Za-z0-9]{16,128}");
    public static final Pattern KEY_ID_SHAPE = Pattern.compile("key_[a-z0-9]{16}");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String COLUMNS = "key_id, key_hash, account_id, role, created_ms, revoked, revoked_ms, version, owner";
    /** What an owner may be: a person's address or name, at most 254 printable characters. */
    public static final int MAX_OWNER = 254;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClickHouseClient clickHouse;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyStore(ClickHouseClient clickHouse, Clock clock) {
        this.clickHouse = clickHouse;
        this.clock = clock;
    }

    /** A new key and its secret, which exists only in this answer. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    public enum RevokeOutcome { REVOKED, ALREADY_REVOKED, NOT_FOUND }

    public CreatedKey create(String accountId, Role role) {
        return create(accountId, role, "");
    }

    /** A new key of {@code owner} (empty: none), who the audit log, run history and notifications name next to its id. */
    public CreatedKey create(String accountId, Role role, String owner) {
        if (!Vocabulary.ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account must be 1-64 characters of [A-Za-z0-9_-], got '" + accountId + "'");
        }
        if (owner.length() > MAX_OWNER || owner.strip().length() != owner.length() || owner.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("owner must be at most " + MAX_OWNER + " printable characters without surrounding spaces, got '"
                    + owner + "'");
        }
        String secret = PREFIX + randomText(ALPHANUMERIC, 32);
        String id = "key_" + randomText("abcdefghijklmnopqrstuvwxyz0123456789", 16);
        long now = clock.millis();
        insert(id, hash(secret), accountId, role, owner, now, false, 0, 1);
        return new CreatedKey(new ApiKey(id, accountId, role, Instant.ofEpochMilli(now), false, null, owner), secret);
    }

    /** Every key (or one account's), oldest first. */
    public List<ApiKey> list(Optional<String> accountId) {
        String where = accountId.map(a -> " WHERE account_id = " + Sql.quote(a)).orElse("");
        List<ApiKey> keys = new ArrayList<>();
        for (JsonNode row : clickHouse.queryRows("SELECT " + COLUMNS + " FROM " + Tables.API_KEYS + " FINAL" + where
                + " ORDER BY created_ms, key_id")) {
            keys.add(fromRow(row));
        }
        return keys;
    }

    public RevokeOutcome revoke(String keyId) {
        if (!KEY_ID_SHAPE.matcher(keyId).matches()) {
            return RevokeOutcome.NOT_FOUND;
        }
        JsonNode rows = clickHouse.queryRows("SELECT " + COLUMNS + " FROM " + Tables.API_KEYS + " FINAL WHERE key_id = " + Sql.quote(keyId));
        if (rows.isEmpty()) {
            return RevokeOutcome.NOT_FOUND;
        }
        JsonNode row = rows.get(0);
        if (row.get("revoked").asInt() == 1) {
            return RevokeOutcome.ALREADY_REVOKED;
        }
        insert(keyId, row.get("key_hash").asText(), row.get("account_id").asText(), Role.fromWire(row.get("role").asText()).orElseThrow(),
                row.get("owner").asText(), row.get("created_ms").asLong(), true, clock.millis(), row.get("version").asLong() + 1);
        return RevokeOutcome.REVOKED;
    }

    /** The key whose secret this is, revoked or not; empty when no such key was issued. */
    public Optional<ApiKey> findBySecret(String secret) {
        if (!KEY_SHAPE.matcher(secret).matches()) {
            return Optional.empty();
        }
        JsonNode rows = clickHouse.queryRows("SELECT " + COLUMNS + " FROM " + Tables.API_KEYS + " FINAL WHERE key_hash = " + Sql.quote(hash(secret)));
        return rows.isEmpty() ? Optional.empty() : Optional.of(fromRow(rows.get(0)));
    }

    /**
     * The owners of the account's keys among {@code keyIds}, by key id; a key without an owner (made
     * before keys had owners, or without {@code --owner}) is left out.
     */
    public Map<String, String> owners(String accountId, Collection<String> keyIds) {
        Map<String, String> owners = new HashMap<>();
        List<String> ids = keyIds.stream().filter(k -> KEY_ID_SHAPE.matcher(k).matches()).distinct().toList();
        if (ids.isEmpty()) {
            return owners;
        }
        for (JsonNode row : clickHouse.queryRows("SELECT key_id, owner FROM " + Tables.API_KEYS + " FINAL WHERE account_id = " + Sql.quote(accountId)
                + " AND key_id IN (" + Sql.quoteEach(ids) + ") AND owner != ''")) {
            owners.put(row.get("key_id").asText(), row.get("owner").asText());
        }
        return owners;
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private void insert(String id, String hash, String accountId, Role role, String owner, long createdMs, boolean revoked, long revokedMs,
            long version) {
        ObjectNode row = JSON.createObjectNode()
                .put("key_id", id).put("key_hash", hash).put("account_id", accountId).put("role", role.wireName()).put("owner", owner)
                .put("created_ms", createdMs).put("revoked", revoked ? 1 : 0).put("revoked_ms", revokedMs).put("version", version);
        clickHouse.insertJsonEachRow(Tables.API_KEYS, row.toString());
    }

    private static ApiKey fromRow(JsonNode row) {
        boolean revoked = row.get("revoked").asInt() == 1;
        return new ApiKey(row.get("key_id").asText(), row.get("account_id").asText(),
                Role.fromWire(row.get("role").asText()).orElse(Role.VIEWER),
                Instant.ofEpochMilli(row.get("created_ms").asLong()), revoked,
                revoked ? Instant.ofEpochMilli(row.get("revoked_ms").asLong()) : null, row.path("owner").asText());
    }

    private String randomText(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
