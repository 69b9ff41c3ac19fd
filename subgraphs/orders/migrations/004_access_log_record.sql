-- The access log, as every subgraph now keeps it (common/accessLog.ts): which kind of record was
-- read, and the client that read it for the actor, if any. Earlier entries did not say.
ALTER TABLE customer_access_log ADD COLUMN record TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE customer_access_log ALTER COLUMN record DROP DEFAULT;
ALTER TABLE customer_access_log ADD COLUMN via TEXT;
