import { badInput, notFound } from '../../common/errors';
import type { PricingContext } from './context';
import { toCents } from '../../common/money';
import { updateRegularPrice, type ProductRow } from './repository';
import { normalizeSku } from './sku';

/** What NUMERIC(12,2) holds: at most 10 integer digits and 2 decimals. */
const PRICE = /^\d{1,10}(?:\.\d{1,2})?$/;

/** The new regular price as a decimal string, or a BAD_USER_INPUT naming `amount`. */
export function parseNewPrice(raw: string): string {
  const amount = raw.trim();
  if (!PRICE.test(amount)) {
    throw badInput(
      'amount',
      `amount must be a decimal string with at most 10 integer digits and 2 decimals, for example "19.99"; got ${JSON.stringify(raw)}`,
    );
  }
  if (toCents(amount) <= 0n) throw badInput('amount', 'amount must be greater than zero');
  return amount;
}

/** Sets a product's regular price; every channel reads it on its next request. */
export async function setProductPrice(ctx: PricingContext, input: { sku: string; amount: string }): Promise<ProductRow> {
  const amount = parseNewPrice(input.amount);
  const sku = normalizeSku(input.sku);
  const product = await ctx.db.transaction((tx) => updateRegularPrice(tx, sku, amount, ctx.now));
  if (!product) throw notFound('Product', sku, 'sku');
  // Later fields of this same request must see the new price, not a row cached before the change.
  ctx.loaders.productBySku.clear(sku).prime(sku, product);
  return product;
}
