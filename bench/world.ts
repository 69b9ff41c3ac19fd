import { buildDemoWorld, type DemoWorld } from '../demo/world';
import type { DemoProduct } from '../demo/types';

/**
 * The benchmark's dataset: the demo world with DEMO_CUSTOMERS generated customers (their orders,
 * cases and notifications), plus catalogue products so a till basket can hold 50 distinct SKUs.
 * Every process builds it from the same `now`, so all four subgraphs and the load generator see
 * the same identifiers and the same statuses.
 */
export const BENCH_PRODUCTS = 120;

export function benchWorld(customers: number, now: Date): DemoWorld {
  const world = buildDemoWorld({ customers, now });
  world.products.push(...generatedProducts(BENCH_PRODUCTS));
  return world;
}

function generatedProducts(count: number): DemoProduct[] {
  return Array.from({ length: count }, (_, i) => ({
    sku: `BENCH-SKU-${String(i + 1).padStart(4, '0')}`,
    name: `Bench product ${i + 1}`,
    price: `${10 + (i % 90)}.${String((i * 37) % 100).padStart(2, '0')}`,
    currency: 'USD',
    warrantyMonths: i % 3 === 0 ? 12 : 0,
  }));
}

/** BENCH_NOW (ms since the epoch) pins the world's clock across processes. */
export function benchNow(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = Number(env.BENCH_NOW);
  return Number.isFinite(raw) && raw > 0 ? new Date(raw) : new Date();
}
