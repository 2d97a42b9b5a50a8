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
