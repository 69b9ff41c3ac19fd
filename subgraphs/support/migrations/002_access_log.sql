-- Every read of a customer's records held here by staff or a bot (common/accessLog.ts): who, for
-- which customer, which kind of record, which operation, when, and the client acting for them.
CREATE TABLE customer_access_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id TEXT NOT NULL,
  record TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  operation TEXT NOT NULL,
  via TEXT,
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX customer_access_log_customer ON customer_access_log (customer_id, at DESC);
