package ai.synaptiq.api.keys;

import java.time.Instant;

/**
 * A key as stored: never the secret itself, only what it grants, and who it belongs to ({@code owner},
 * e.g. an email address; empty for keys made without {@code --owner}).
 */
public record ApiKey(String id, String accountId, Role role, Instant created, boolean revoked, Instant revokedAt, String owner) {
}
