-- Support owns cases and their interactions; customers and orders are Orders' records, referenced by key only.
CREATE TABLE support_cases (
  number TEXT PRIMARY KEY CHECK (number ~ '^CS-[0-9]{6,}$'),
  customer_id TEXT NOT NULL,
  order_number TEXT NULL,
  subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  status TEXT NOT NULL CHECK (status IN ('OPEN', 'WAITING_ON_CUSTOMER', 'RESOLVED')),
  opened_at TIMESTAMPTZ NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('WEB', 'STORE', 'PHONE', 'EMAIL', 'CHAT', 'MAILER'))
);

CREATE INDEX support_cases_customer_idx ON support_cases (customer_id, opened_at DESC);

CREATE INDEX support_cases_order_idx ON support_cases (order_number, opened_at DESC) WHERE order_number IS NOT NULL;

CREATE TABLE case_interactions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_number TEXT NOT NULL REFERENCES support_cases (number),
  at TIMESTAMPTZ NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('WEB', 'STORE', 'PHONE', 'EMAIL', 'CHAT', 'MAILER')),
  summary TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000)
);

CREATE INDEX case_interactions_case_at_idx ON case_interactions (case_number, at, id);

-- New case numbers start far above the demo's generated ones so the two never collide; the minimum keeps
-- every number at six digits or more, the format people are told to quote.
CREATE SEQUENCE support_case_number_seq MINVALUE 100000 START WITH 500000;
