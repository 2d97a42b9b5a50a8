-- An account's cloud storage credentials, stored once and named (docs/exports.md, "Integrations"):
-- `config` is the destination as JSON with its secret sealed (sealed:v1:...); replacing or deleting
-- one writes the row again with a newer updated_ms, `deleted` = 1 for a deleted one.
CREATE TABLE IF NOT EXISTS synaptiq.export_integrations (
    account_id String,
    name String,
    type String,
    config String,
    deleted UInt8,
    updated_ms UInt64,
    updated_by String
) ENGINE = ReplacingMergeTree(updated_ms)
ORDER BY (account_id, name);

-- Where an account is told that a scheduled delivery failed for good: a JSON array of email and
-- webhook channels (webhook secrets sealed). An account without a row here falls back to the alert
-- webhook an earlier version kept in export_settings.
CREATE TABLE IF NOT EXISTS synaptiq.export_alert_channels (
    account_id String,
    channels String,
    updated_ms UInt64,
    updated_by String
) ENGINE = ReplacingMergeTree(updated_ms)
ORDER BY account_id;
