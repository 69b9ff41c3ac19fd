import type { Queryable } from '../../common/db';
import type { Channel } from './channel';
import type { PromotionTerms } from './priceEngine';
import { insertMany } from '../../common/bulkInsert';

export interface ProductRow {
  sku: string;
  name: string;
  currency: string;
  /** Decimal string with two decimals. */
  regularPrice: string;
  updatedAt: Date;
}

export interface PromotionRow extends PromotionTerms {
  sku: string;
  advertisedIn: Channel;
  /** The product's currency: a promotion is priced in it. */
  currency: string;
}

const PRODUCT_COLUMNS = `sku, name, currency, regular_price::text AS "regularPrice", updated_at AS "updatedAt"`;

export async function findProducts(db: Queryable, skus: readonly string[]): Promise<ProductRow[]> {
  return db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE sku = ANY($1::text[])`, [skus]);
}

/** A product's promotions as of one moment: those running, and when that set next changes by itself. */
export interface PromotionsAt {
  running: PromotionRow[];
  /** The earliest start or end after the moment among its promotions; null when none starts or ends later. */
  nextChange: Date | null;
}

/**
 * Promotions running at `at` for all the given SKUs, in one statement, with each SKU's next boundary: the
 * earliest start (of one not begun yet) or end (of one running) after `at`. Until then the running set, hence
 * the price, is what this read says, unless a write changes it (PriceChanged).
 */
export async function findPromotionsAt(db: Queryable, skus: readonly string[], at: Date): Promise<Array<{ sku: string } & PromotionsAt>> {
  const rows = await db.query<PromotionRow & { running: boolean; nextChange: Date | null }>(
    `SELECT pr.id, pr.sku, pr.name, pr.advertised_in AS "advertisedIn", pr.amount::text AS amount,
            pr.starts_at AS "startsAt", pr.ends_at AS "endsAt", p.currency,
            pr.starts_at <= $2 AS running,
            MIN(CASE WHEN pr.starts_at > $2 THEN pr.starts_at ELSE pr.ends_at END) OVER (PARTITION BY pr.sku) AS "nextChange"
       FROM promotions pr
       JOIN products p ON p.sku = pr.sku
      WHERE pr.sku = ANY($1::text[]) AND pr.ends_at > $2
      ORDER BY pr.sku, pr.amount, pr.id`,
    [skus, at],
  );
  const bySku = new Map<string, { sku: string } & PromotionsAt>();
  for (const { running, nextChange, ...promotion } of rows) {
    let found = bySku.get(promotion.sku);
    if (!found) bySku.set(promotion.sku, (found = { sku: promotion.sku, running: [], nextChange: nextChange === null ? null : new Date(nextChange) }));
    if (running) found.running.push(promotion);
  }
  return [...bySku.values()];
}

/** Sets the regular price; null when there is no such product. */
export async function updateRegularPrice(db: Queryable, sku: string, amount: string, at: Date): Promise<ProductRow | null> {
  const rows = await db.query<ProductRow>(
    `UPDATE products SET regular_price = $2::numeric, updated_at = $3 WHERE sku = $1 RETURNING ${PRODUCT_COLUMNS}`,
    [sku, amount, at],
  );
  return rows[0] ?? null;
}

export interface NewProduct {
  sku: string;
  name: string;
  currency: string;
  regularPrice: string;
  updatedAt: Date;
}

/** Many products, one statement per chunk. */
export function insertProducts(db: Queryable, products: readonly NewProduct[]): Promise<void> {
  return insertMany(db, 'products', { sku: 'text', name: 'text', currency: 'text', regular_price: 'numeric', updated_at: 'timestamptz' },
    products, (p) => [p.sku, p.name, p.currency, p.regularPrice, p.updatedAt]);
}

export interface NewPromotion extends PromotionTerms {
  sku: string;
  advertisedIn: Channel;
}

/** Many promotions, one statement per chunk. */
export function insertPromotions(db: Queryable, promotions: readonly NewPromotion[]): Promise<void> {
  return insertMany(
    db,
    'promotions',
    { id: 'text', sku: 'text', name: 'text', advertised_in: 'text', amount: 'numeric', starts_at: 'timestamptz', ends_at: 'timestamptz' },
    promotions,
    (p) => [p.id, p.sku, p.name, p.advertisedIn, p.amount, p.startsAt, p.endsAt],
  );
}
