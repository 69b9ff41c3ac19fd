-- The catalogue: one row per SKU with its regular (shelf) price.
CREATE TABLE products (
  sku TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  regular_price NUMERIC(12,2) NOT NULL CHECK (regular_price > 0),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A promotion is honoured in every channel while it runs: advertised_in records only where it was announced.
CREATE TABLE promotions (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL REFERENCES products (sku),
  name TEXT NOT NULL,
  advertised_in TEXT NOT NULL CHECK (advertised_in IN ('WEB', 'STORE', 'PHONE', 'EMAIL', 'CHAT', 'MAILER')),
  amount NUMERIC(12,2) NOT NULL CHECK (amount > 0),
  starts_at TIMESTAMPTZ NOT NULL,
  ends_at TIMESTAMPTZ NOT NULL,
  CHECK (ends_at > starts_at)
);

CREATE INDEX promotions_sku_idx ON promotions (sku);
