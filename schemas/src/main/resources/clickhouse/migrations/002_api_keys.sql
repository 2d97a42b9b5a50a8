-- API keys. Only the SHA-256 (hex) of a key is stored; the key itself is shown once, at creation.
-- Revoking writes the same key_id again with revoked = 1 and a higher version: ReplacingMergeTree
-- keeps the highest version, so readers using FINAL see the revocation (no mutations needed, works on 18.16).
CREATE TABLE IF NOT EXISTS synaptiq.api_keys (
    key_id String,
    key_hash String,
    account_id String,
    role String,
    created_ms UInt64,
    revoked UInt8,
    revoked_ms UInt64,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY key_id;
