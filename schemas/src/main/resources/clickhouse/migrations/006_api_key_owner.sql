-- Who a key belongs to (`keys create --owner alex@yourteam.com`), so the audit log, the run history
-- and the notifications can name a person next to the key id. Keys made before have owner ''.
-- One ADD COLUMN per statement: ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS, so Migrations
-- skips an ADD COLUMN whose column is already there (a run cut off half way).
ALTER TABLE synaptiq.api_keys ADD COLUMN owner String DEFAULT '';

-- The key a notification comes from: the erasure's requester, the failed schedule's creator.
ALTER TABLE synaptiq.notifications ADD COLUMN key_id String DEFAULT '';
