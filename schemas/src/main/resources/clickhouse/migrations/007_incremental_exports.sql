-- Warehouse-friendly schedules (docs/exports.md, "Warehouse loading").
-- When ClickHouse wrote each lead and conversation version: incremental schedules take the rows whose
-- latest version was written after their last delivered run. The pipeline's sink lists its columns,
-- so every insert gets now() of that insert.
ALTER TABLE synaptiq.leads ADD COLUMN changed_at DateTime DEFAULT now();
ALTER TABLE synaptiq.conversations ADD COLUMN changed_at DateTime DEFAULT now();
-- A part written before the column existed computes the DEFAULT when read (the time of the read, a
-- moving value): merging every part writes it down once, as the time of this migration.
OPTIMIZE TABLE synaptiq.leads FINAL;
OPTIMIZE TABLE synaptiq.conversations FINAL;

-- A schedule's options: mode full (its period) or incremental (rows changed since its last delivered
-- run), and the object key layout flat or date_partitioned (<prefix>dt=YYYY-MM-DD/<file>).
ALTER TABLE synaptiq.export_schedules ADD COLUMN mode String DEFAULT 'full';
ALTER TABLE synaptiq.export_schedules ADD COLUMN key_layout String DEFAULT 'flat';

-- The change window of an incremental run, in ClickHouse's clock (epoch seconds): rows whose
-- changed_at is in (changes_after, changes_until]. 0 and 0 for other runs.
ALTER TABLE synaptiq.export_runs ADD COLUMN changes_after UInt32 DEFAULT 0;
ALTER TABLE synaptiq.export_runs ADD COLUMN changes_until UInt32 DEFAULT 0;
