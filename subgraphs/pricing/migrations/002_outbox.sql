-- Pricing's domain events (PriceChanged), written in the transaction of the change and published by the
-- shared relay (common/outbox): how a cache in front of every channel learns that a price moved.
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
