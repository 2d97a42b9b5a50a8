package ai.synaptiq.api.keys;

import java.time.Instant;

/** A key as stored: never the secret itself, only what it grants. */
public record ApiKey(String id, String accountId, Role role, Instant created, boolean revoked, Instant revokedAt) {
}
