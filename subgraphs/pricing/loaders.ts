import type { Queryable } from '../../common/db';
import { groupLoader, rowLoader } from '../../common/loaders';
import { findProducts, findRunningPromotions } from './repository';

/** Per-request loaders; `now` is the request's single moment, so every price of a request agrees. */
export function createLoaders(db: Queryable, now: Date) {
  return {
    productBySku: rowLoader((skus: readonly string[]) => findProducts(db, skus), (row) => row.sku),
    runningPromotionsBySku: groupLoader((skus: readonly string[]) => findRunningPromotions(db, skus, now), (row) => row.sku),
  };
}

export type PricingLoaders = ReturnType<typeof createLoaders>;
