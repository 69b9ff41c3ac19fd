-- Every read of a customer's records by staff or a bot: who, which customer, which operation, when.
CREATE TABLE customer_access_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  operation TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX customer_access_log_customer ON customer_access_log (customer_id, at DESC);
