-- Every accepted, de-duplicated event, enriched with what the pipeline knew when it saw it.
-- The row key never changes for an event, so a replay after a crash replaces rows, never adds.
CREATE TABLE IF NOT EXISTS synaptiq.events (
    account_id String,
    event_id String,
    type String,
    occurred_at DateTime,
    occurred_ms UInt64,
    visitor_id String,
    conversation_id String,
    lead_id String,
    channel String,
    source String,
    sender String,
    response_time_ms Nullable(Float64),
    engagement_score Nullable(Float64),
    score Nullable(Float64),
    estimated_deal_size Nullable(Float64),
    amount Nullable(Float64),
    description String,
    data String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (account_id, type, occurred_at, event_id);

-- Current state of each lead; version = number of events applied, so the latest row wins.
CREATE TABLE IF NOT EXISTS synaptiq.leads (
    account_id String,
    lead_id String,
    created UInt8,
    created_ms UInt64,
    created_at DateTime,
    last_activity_ms UInt64,
    email String,
    name String,
    phone String,
    company String,
    status String,
    score Float64,
    source String,
    source_url String,
    tags Array(String),
    assigned_to String,
    custom_properties String,
    visitor_id String,
    conversation_id String,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, lead_id);

-- Current state of each conversation; its messages and events are rows of synaptiq.events.
CREATE TABLE IF NOT EXISTS synaptiq.conversations (
    account_id String,
    conversation_id String,
    visitor_id String,
    lead_id String,
    channel String,
    started_ms UInt64,
    ended_ms UInt64,
    last_event_ms UInt64,
    message_count UInt32,
    handoff UInt8,
    qualification_triggered UInt8,
    meeting_booked UInt8,
    engagement_score Nullable(Float64),
    version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (account_id, conversation_id);

-- The public activity feed: the seven types, with generated descriptions.
CREATE TABLE IF NOT EXISTS synaptiq.activity (
    account_id String,
    occurred_at DateTime,
    occurred_ms UInt64,
    event_id String,
    type String,
    lead_id String,
    conversation_id String,
    description String,
    metadata String
) ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (account_id, occurred_ms, event_id);

-- Summable overview measures per account and UTC bucket (rollup grain, default 15 minutes,
-- which divides every UTC offset in use, so any timezone's days are whole buckets).
-- version = number of contributions applied, so the row with the most input wins.
CREATE TABLE IF NOT EXISTS synaptiq.overview_rollup (
    account_id String,
    bucket_start DateTime,
    conversations UInt64,
    leads UInt64,
    qualified UInt64,
    messages UInt64,
    ai_timed_messages UInt64,
    response_ms_sum Float64,
    handoffs UInt64,
    revenue_cents Int64,
    score_sum Float64,
    sessions UInt64,
    meetings UInt64,
    conversions UInt64,
    ended_scored UInt64,
    engagement_sum Float64,
    version UInt64
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(bucket_start)
ORDER BY (account_id, bucket_start);

-- Records the pipeline refused, with the reason; keyed by their place in the topic.
CREATE TABLE IF NOT EXISTS synaptiq.dead_letters (
    received_at DateTime,
    received_ms UInt64,
    topic String,
    kafka_partition Int32,
    kafka_offset Int64,
    account_id String,
    reason String,
    detail String,
    raw String
) ENGINE = ReplacingMergeTree()
ORDER BY (topic, kafka_partition, kafka_offset);

-- The event-time watermark each pipeline subtask has reached: the API's dataCompleteUntil.
CREATE TABLE IF NOT EXISTS synaptiq.pipeline_progress (
    subtask UInt32,
    watermark_ms UInt64,
    updated_ms UInt64
) ENGINE = ReplacingMergeTree(updated_ms)
ORDER BY subtask;
