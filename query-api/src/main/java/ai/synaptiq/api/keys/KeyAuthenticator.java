package ai.synaptiq.api.keys;

import ai.synaptiq.api.data.DataState;
import ai.synaptiq.api.errors.UnauthorizedException;
import ai.synaptiq.schemas.clickhouse.Tables;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization: Bearer sk_live_...} header into the key's account and role.
 * Lookups are remembered until synaptiq.api_keys changes (its version is part of the
 * {@link DataState} every request reads anyway), so a new or revoked key counts at once.
 */
public final class KeyAuthenticator {
    private static final int MAX_REMEMBERED = 100_000;

    private final ApiKeyStore store;
    private final Map<String, Optional<ApiKey>> byHash = new ConcurrentHashMap<>();
    private volatile String keysVersion = "";

    public KeyAuthenticator(ApiKeyStore store) {
        this.store = store;
    }

    /** The bearer token of the header; 401 when the header is missing or not a bearer token. */
    public static String bearerToken(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedException("missing API key: send the header 'Authorization: Bearer sk_live_...'");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw new UnauthorizedException("the Authorization header must be 'Bearer <API key>'");
        }
        return parts[1];
    }

    /** The active key for this token; 401 when it is unknown or revoked. */
    public ApiKey authenticate(String token, DataState state) {
        if (!ApiKeyStore.KEY_SHAPE.matcher(token).matches()) {
            throw new UnauthorizedException("unknown API key");
        }
        String version = state.version(Tables.API_KEYS);
        if (!version.equals(keysVersion)) {
            byHash.clear();
            keysVersion = version;
        }
        if (byHash.size() > MAX_REMEMBERED) {
            byHash.clear();
        }
        ApiKey key = byHash.computeIfAbsent(ApiKeyStore.hash(token), h -> store.findBySecret(token))
                .orElseThrow(() -> new UnauthorizedException("unknown API key"));
        if (key.revoked()) {
            throw new UnauthorizedException("this API key has been revoked");
        }
        return key;
    }
}
