-- Tables of the exports feature (query-api, package ai.synaptiq.api.exports). Valid on
-- ClickHouse 18.16 and current releases: no TTL, no DateTime64, no LowCardinality.
-- Mutable rows are ReplacingMergeTree with a version that only grows; readers use FINAL.

-- Dashboard annotations shown in PDF reports; a deletion is a newer row with deleted = 1.
CREATE TABLE IF NOT EXISTS synaptiq.dashboard_annotations (
    account_id String,
    annotation_id String,
    date Date,
    text String,
    created_ms UInt64,
    created_by String,
    deleted UInt8,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, annotation_id);

-- Report branding per account: company name, colors and a PNG logo (base64).
CREATE TABLE IF NOT EXISTS synaptiq.report_branding (
    account_id String,
    company_name String,
    primary_color String,
    accent_color String,
    logo_png String,
    updated_ms UInt64,
    updated_by String
) ENGINE = ReplacingMergeTree(updated_ms)
ORDER BY account_id;

-- Every export (manual or scheduled) and every erasure: who, when, what, how many records.
CREATE TABLE IF NOT EXISTS synaptiq.export_audit_log (
    account_id String,
    audit_id String,
    occurred_at DateTime,
    occurred_ms UInt64,
    key_id String,
    action String,
    origin String,
    data_type String,
    format String,
    filters String,
    record_count UInt64,
    status String,
    schedule_id String,
    run_id String,
    detail String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (account_id, occurred_ms, audit_id);

-- Fields each account keeps out of export files (they become [REDACTED]).
CREATE TABLE IF NOT EXISTS synaptiq.export_field_restrictions (
    account_id String,
    fields Array(String),
    updated_ms UInt64,
    updated_by String
) ENGINE = ReplacingMergeTree(updated_ms)
ORDER BY account_id;

-- Erasure tombstones (GDPR right to erasure): a lead, with the visitors and conversations
-- linked to it, whose data was deleted. Exports and queries leave these ids out, and the
-- pipeline must drop later events that carry them (README, "Erasure").
CREATE TABLE IF NOT EXISTS synaptiq.lead_erasures (
    account_id String,
    lead_id String,
    erasure_id String,
    visitor_ids Array(String),
    conversation_ids Array(String),
    requested_ms UInt64,
    completed_ms UInt64,
    requested_by String,
    status String,
    removed String,
    notification_id String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, lead_id);

-- Dashboard notifications: processed erasures, export deliveries that failed for good.
CREATE TABLE IF NOT EXISTS synaptiq.notifications (
    account_id String,
    notification_id String,
    created_at DateTime,
    created_ms UInt64,
    kind String,
    title String,
    message String,
    ref_id String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(created_at)
ORDER BY (account_id, created_ms, notification_id);

-- Account-wide export settings: the timezone schedules run in, the alert webhook for failed deliveries.
CREATE TABLE IF NOT EXISTS synaptiq.export_settings (
    account_id String,
    timezone String,
    alert_webhook_url String,
    alert_webhook_secret String,
    updated_ms UInt64,
    updated_by String
) ENGINE = ReplacingMergeTree(updated_ms)
ORDER BY account_id;

-- Scheduled exports; editing, pausing or deleting writes the row again with a higher version.
CREATE TABLE IF NOT EXISTS synaptiq.export_schedules (
    account_id String,
    schedule_id String,
    name String,
    data_type String,
    format String,
    filters String,
    frequency String,
    day_of_week UInt8,
    day_of_month UInt8,
    time_of_day String,
    date_range_mode String,
    destinations String,
    status String,
    active_since_ms UInt64,
    created_ms UInt64,
    created_by String,
    updated_ms UInt64,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, schedule_id);

-- Runs of scheduled exports (the history): a scheduled run's id is derived from its schedule and
-- due time, so every API instance names it the same. version grows with every update.
CREATE TABLE IF NOT EXISTS synaptiq.export_runs (
    account_id String,
    schedule_id String,
    run_id String,
    trigger String,
    scheduled_for_ms UInt64,
    period_start String,
    period_end String,
    status String,
    retries UInt8,
    next_attempt_ms UInt64,
    record_count UInt64,
    file_name String,
    content_type String,
    file_size UInt64,
    deliveries String,
    error String,
    started_ms UInt64,
    finished_ms UInt64,
    expires_ms UInt64,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, schedule_id, run_id);

-- Claims on a run (or on one of its retries) by API instances; the earliest claim by
-- ClickHouse's clock wins, ties broken by token, so one schedule never runs twice.
CREATE TABLE IF NOT EXISTS synaptiq.export_run_claims (
    account_id String,
    run_id String,
    attempt UInt32,
    instance_id String,
    token String,
    claimed_at DateTime
) ENGINE = MergeTree()
ORDER BY (account_id, run_id, attempt, claimed_at, token);

-- The files of scheduled runs, in base64 chunks, kept 30 days (expires_ms) for download.
CREATE TABLE IF NOT EXISTS synaptiq.export_files (
    account_id String,
    file_id String,
    chunk UInt32,
    data String,
    created_ms UInt64,
    expires_ms UInt64
) ENGINE = ReplacingMergeTree()
ORDER BY (account_id, file_id, chunk);
