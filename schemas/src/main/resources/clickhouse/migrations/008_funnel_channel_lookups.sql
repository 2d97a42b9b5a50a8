-- The funnel's channel lookups (docs/metrics.md, "Funnel"): which conversations and visitors carry
-- which channel, and every lead.created with its own channel, conversation and visitor, as 64-bit
-- hashes of their ids, so a funnel filtered by channel builds its lookup sets, the leads' included,
-- from a narrow sorted table instead of hashing ids over every raw event of the account.
-- ClickHouse fills it on every insert into synaptiq.events, in that same insert: a replayed insert
-- (the job after a crash) writes its rows again, and a repeated row changes no set. The lead,
-- conversation and visitor of the source event are kept as hashes so that a GDPR erasure deletes
-- these rows with the same condition as the events (LeadErasure).
CREATE TABLE IF NOT EXISTS synaptiq.funnel_channels (
    account_id String,
    type String,
    channel String,
    conversation_h UInt64,
    visitor_h UInt64,
    lead_h UInt64
) ENGINE = MergeTree()
ORDER BY (account_id, type, channel, conversation_h, visitor_h);

CREATE MATERIALIZED VIEW IF NOT EXISTS synaptiq.funnel_channels_writer TO synaptiq.funnel_channels AS
SELECT account_id, type, channel, cityHash64(conversation_id) AS conversation_h, cityHash64(visitor_id) AS visitor_h, cityHash64(lead_id) AS lead_h
FROM synaptiq.events
WHERE (type IN ('conversation.started', 'visitor.session_started') AND channel != '') OR type = 'lead.created';

-- The events written before this migration (the view only sees inserts from now on). Rows inserted
-- while this runs may be copied twice, which changes no lookup; a run cut short copies again.
INSERT INTO synaptiq.funnel_channels
SELECT account_id, type, channel, cityHash64(conversation_id), cityHash64(visitor_id), cityHash64(lead_id)
FROM synaptiq.events
WHERE (type IN ('conversation.started', 'visitor.session_started') AND channel != '') OR type = 'lead.created';
