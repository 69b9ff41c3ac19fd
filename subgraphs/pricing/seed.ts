import type { Database } from '../../common/db';
import type { DemoWorld } from '../../demo/world';
import { insertProducts, insertPromotions } from './repository';

/** Rows per INSERT: large enough to be fast, small enough to keep each statement's arrays modest. */
const CHUNK = 1000;

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
    for (const chunk of chunks(products, CHUNK)) await insertProducts(tx, chunk);
    for (const chunk of chunks(world.promotions, CHUNK)) await insertPromotions(tx, chunk);
  });
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
