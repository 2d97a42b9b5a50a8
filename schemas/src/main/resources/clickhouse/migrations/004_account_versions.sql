-- When each account's rows last changed: after every insert that holds rows of an account, the
-- pipeline's sink adds (account, version) with a version above the account's previous one. The API
-- caches each account's answers for as long as max(version) of the account stays the same, so a
-- quiet account's answers survive while other accounts stream in. An account without a row here
-- (data loaded around the pipeline) is versioned by its tables instead (docs/architecture.md).
CREATE TABLE IF NOT EXISTS synaptiq.account_versions (
    account_id String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY account_id;
