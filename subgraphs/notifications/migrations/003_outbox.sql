-- Notifications' domain events (a notification went out), written in the transaction that records
-- the send and published by the shared relay (common/outbox): the live graph's NOTIFICATION_SENT.
CREATE TABLE outbox (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  payload JSONB NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ,
  attempts INT NOT NULL DEFAULT 0,
  last_error TEXT,
  trace_context JSONB
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
