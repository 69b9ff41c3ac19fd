import { badInput, notFound } from '../../common/errors';
import { EventType, type PriceChangedPayload } from '../../common/eventContracts';
import { recordEvent } from '../../common/outbox/recordEvent';
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

/**
 * Sets a product's regular price and records PriceChanged in the same transaction: every channel reads the new
 * price on its next request, and a cache in front of them learns of it from the event (even when the amount is
 * the one it had: the event says "this product was written", and an extra invalidation costs one miss).
 */
export async function setProductPrice(ctx: PricingContext, input: { sku: string; amount: string }): Promise<ProductRow> {
  const amount = parseNewPrice(input.amount);
  const sku = normalizeSku(input.sku);
  const product = await ctx.db.transaction(async (tx) => {
    const updated = await updateRegularPrice(tx, sku, amount, ctx.now);
    if (!updated) return null;
    const payload: PriceChangedPayload = {
      sku: updated.sku,
      regularPrice: updated.regularPrice,
      currency: updated.currency,
      changedAt: new Date(updated.updatedAt).toISOString(),
    };
    await recordEvent(tx, EventType.PriceChanged, payload, new Date(updated.updatedAt));
    return updated;
  });
  if (!product) throw notFound('Product', sku, 'sku');
  ctx.afterCommit();
  // Later fields of this same request must see the new price, not a row cached before the change.
  ctx.loaders.productBySku.clear(sku).prime(sku, product);
  return product;
}
