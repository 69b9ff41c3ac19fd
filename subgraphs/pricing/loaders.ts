import type { Queryable } from '../../common/db';
import DataLoader from 'dataloader';
import { rowLoader } from '../../common/loaders';
import { findProducts, findPromotionsAt, type PromotionsAt } from './repository';

/** Per-request loaders; `now` is the request's single moment, so every price of a request agrees. */
export function createLoaders(db: Queryable, now: Date) {
  return {
    productBySku: rowLoader((skus: readonly string[]) => findProducts(db, skus), (row) => row.sku),
    /** A SKU without any promotion still to end has none running and no boundary. */
    promotionsBySku: new DataLoader<string, PromotionsAt>(async (skus) => {
      const found = new Map((await findPromotionsAt(db, skus, now)).map((row) => [row.sku, row]));
      return skus.map((sku) => found.get(sku) ?? { running: [], nextChange: null });
    }),
  };
}

export type PricingLoaders = ReturnType<typeof createLoaders>;
