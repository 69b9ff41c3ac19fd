import type { DemoWorld } from '../../demo/types';
import { shuffled } from './random';

/** One customer whose overview the bench reads, with what the world says their overview must hold. */
export interface Reader {
  id: string;
  email: string;
  name: string;
  /** Every order of theirs: an overview lists exactly these (writes change statuses, never the set). */
  orderNumbers: string[];
  /** Orders still PLACED when seeded: each may be cancelled once. */
  placedOrders: string[];
  /** Their support cases: an overview lists exactly these (the bench adds notes, never cases). */
  caseNumbers: string[];
  /** Products of their orders, each with its seeded price (a price change targets these). */
  products: Array<{ sku: string; price: string }>;
}

/**
 * `count` generated customers with at least one order (so each overview reaches all four subgraphs),
 * spread over the whole world, in a seeded random order: the first is the most popular. Every customer
 * holding a PLACED order is taken first (up to a tenth of the readers), since only those orders can be
 * cancelled and the world has few of them.
 */
export function chooseReaders(world: DemoWorld, count: number, random: () => number): Reader[] {
  const ordersOf = groupBy(world.orders, (o) => o.customerId);
  const casesOf = groupBy(world.supportCases, (c) => c.customerId);
  const prices = new Map(world.products.map((p) => [p.sku, p.price]));
  const eligible = world.customers.filter((c) => c.id >= 'CUS-001000' && ordersOf.has(c.id));
  if (eligible.length < count) throw new Error(`the world has ${eligible.length} customers with orders; ${count} readers asked (raise --customers)`);
  const withPlaced = eligible.filter((c) => ordersOf.get(c.id)!.some((o) => o.status === 'PLACED')).slice(0, Math.floor(count / 10));
  const taken = new Set(withPlaced.map((c) => c.id));
  const rest = eligible.filter((c) => !taken.has(c.id));
  const step = rest.length / (count - withPlaced.length);
  const spread = Array.from({ length: count - withPlaced.length }, (_, i) => rest[Math.floor(i * step)]);
  return shuffled([...withPlaced, ...spread], random).map((customer) => {
    const orders = ordersOf.get(customer.id)!;
    const skus = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku)))];
    return {
      id: customer.id,
      email: customer.email,
      name: customer.name,
      orderNumbers: orders.map((o) => o.number),
      placedOrders: orders.filter((o) => o.status === 'PLACED').map((o) => o.number),
      caseNumbers: (casesOf.get(customer.id) ?? []).map((c) => c.number),
      products: skus.map((sku) => {
        const price = prices.get(sku);
        if (price === undefined) throw new Error(`order line of ${customer.id} names ${sku}, which the world has no product for`);
        return { sku, price };
      }),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
