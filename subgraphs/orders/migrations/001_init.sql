-- Orders owns customer accounts, orders, returns and warranties, and the outbox of its domain events.
CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  phone TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT email_lower_case CHECK (email = lower(email))
);
CREATE INDEX customers_phone ON customers (phone);

CREATE TABLE orders (
  number TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers (id),
  placed_at TIMESTAMPTZ NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('PLACED', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'RETURNED')),
  currency TEXT NOT NULL,
  delivered_at TIMESTAMPTZ,
  cancel_reason TEXT,
  cancelled_at TIMESTAMPTZ,
  CONSTRAINT cancellation_complete CHECK ((status = 'CANCELLED') = (cancel_reason IS NOT NULL AND cancelled_at IS NOT NULL))
);
CREATE INDEX orders_customer ON orders (customer_id, placed_at DESC);

CREATE TABLE order_lines (
  order_number TEXT NOT NULL REFERENCES orders (number),
  line_no INT NOT NULL,
  sku TEXT NOT NULL,
  quantity INT NOT NULL CHECK (quantity > 0),
  unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
  warranty_expires_on DATE,
  PRIMARY KEY (order_number, line_no)
);

CREATE SEQUENCE return_numbers START 100001;
CREATE TABLE returns (
  id TEXT PRIMARY KEY,
  order_number TEXT NOT NULL REFERENCES orders (number),
  sku TEXT NOT NULL,
  resolution TEXT NOT NULL CHECK (resolution IN ('REPLACEMENT', 'REFUND')),
  status TEXT NOT NULL CHECK (status IN ('REQUESTED', 'RECEIVED', 'COMPLETED')),
  tracking_number TEXT NOT NULL UNIQUE,
  shipping_label_url TEXT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (order_number, sku)
);

-- Written in the same transaction as the change it reports; the relay publishes and marks it.
CREATE TABLE outbox (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  payload JSONB NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ,
  attempts INT NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
