import { badInput } from '../../common/errors';
import type { PricingContext } from './context';
import type { ProductRow } from './repository';
import { normalizeSku } from './sku';

/** The most SKUs one `products` query may ask for: it bounds the work of a single request. */
export const MAX_SKUS_PER_QUERY = 100;

export function productBySku(ctx: PricingContext, sku: string): Promise<ProductRow | null> {
  return ctx.loaders.productBySku.load(normalizeSku(sku));
}

/** In the order asked, null for an unknown SKU; one statement however many SKUs. */
export function productsBySkus(ctx: PricingContext, skus: readonly string[]): Promise<Array<ProductRow | null>> {
  if (skus.length > MAX_SKUS_PER_QUERY) {
    throw badInput('skus', `At most ${MAX_SKUS_PER_QUERY} SKUs per query, got ${skus.length}`);
  }
  return Promise.all(skus.map((sku) => productBySku(ctx, sku)));
}
