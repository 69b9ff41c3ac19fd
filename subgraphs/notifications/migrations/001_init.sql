-- Everything the company has told a customer. Rows either come from the demo seed or are recorded
-- from a domain event (event_id set) before they are handed to the sender.

-- New ids start far above the seeded ones (NTF-0001000…) so the two never collide; seeding moves
-- the sequence further up if a very large world ever reaches it.
CREATE SEQUENCE notification_id_seq START WITH 5000000;

CREATE TABLE notifications (
  id TEXT PRIMARY KEY DEFAULT ('NTF-' || lpad(nextval('notification_id_seq')::text, 7, '0')),
  customer_id TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PUSH', 'POST')),
  topic TEXT NOT NULL CHECK (topic IN ('ORDER_CONFIRMED', 'ORDER_SHIPPED', 'ORDER_DELIVERED', 'ORDER_CANCELLED',
    'RETURN_REQUESTED', 'CASE_UPDATE', 'PROMOTION')),
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at TIMESTAMPTZ NOT NULL,
  order_number TEXT NULL,
  case_number TEXT NULL,
  -- The event a notification was recorded from: UNIQUE is what makes recording exactly once.
  event_id TEXT NULL UNIQUE,
  delivery_status TEXT NOT NULL CHECK (delivery_status IN ('PENDING', 'DELIVERED')),
  delivered_at TIMESTAMPTZ NULL,
  CHECK ((delivery_status = 'DELIVERED') = (delivered_at IS NOT NULL))
);

-- Both list fields read newest first; the id breaks ties so the order is stable.
CREATE INDEX notifications_customer_idx ON notifications (customer_id, sent_at DESC, id DESC);
CREATE INDEX notifications_order_idx ON notifications (order_number, sent_at DESC, id DESC) WHERE order_number IS NOT NULL;
