-- Reads the gateway answered from its entity cache are logged here too (common/accessRecords.ts): the
-- gateway's id for each entry, so that a record sent twice is written once, and who served the read.
ALTER TABLE customer_access_log ADD COLUMN record_id TEXT;
ALTER TABLE customer_access_log ADD COLUMN served_by TEXT NOT NULL DEFAULT 'owner';
CREATE UNIQUE INDEX customer_access_log_record_id ON customer_access_log (record_id);
