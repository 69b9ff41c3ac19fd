import type { Database } from '../../common/db';
import type { DemoWorld } from '../../demo/world';
import { insertProducts, insertPromotions } from './repository';

/** Writes the catalogue and promotions of the demo world, all or nothing. */
export async function seed(db: Database, world: DemoWorld): Promise<void> {
  const products = world.products.map((p) => ({
    sku: p.sku,
    name: p.name,
    currency: p.currency,
    regularPrice: p.price,
    updatedAt: world.now,
  }));
  await db.transaction(async (tx) => {
    await insertProducts(tx, products);
    await insertPromotions(tx, world.promotions);
  });
}
