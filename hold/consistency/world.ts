import { buildDemoWorld, type DemoWorld } from '../../demo/world';
import type { DemoOrder } from '../../demo/types';

const DAY = 24 * 60 * 60 * 1000;

/** One customer the run reads and writes over and over, so its entities sit in the replicas' caches. */
export interface HotCustomer {
  id: string;
  /** Orders still cancellable (PLACED): each is cancelled at most once. */
  placed: string[];
  /** Delivered orders whose lines are under warranty: each line can be returned once. */
  returnable: Array<{ order: string; sku: string }>;
  /** Every order of the customer the run added (read by the order view). */
  orders: string[];
  /** A case about one of those orders, which the note writer adds to. */
  caseNumber: string;
}

export interface ConsistencyWorld {
  world: DemoWorld;
  hot: HotCustomer[];
  /** Products on the hot customers' orders: the price writer changes these. */
  skus: string[];
}

/**
 * The demo world plus, for each hot customer, orders the writers can really change: the generated world
 * has almost no PLACED orders (only those placed in the last two days) and few returnable lines.
 * Numbers from 490000000 and cases from CS-900000 stay clear of the generated ones.
 */
export function consistencyWorld(options: { hotCustomers: number; placedEach: number; deliveredEach: number; now?: Date }): ConsistencyWorld {
  const now = options.now ?? new Date();
  const world = buildDemoWorld({ customers: Math.max(40, options.hotCustomers), now });
  const warranted = world.products.filter((p) => p.warrantyMonths >= 3);
  const others = world.products.filter((p) => p.warrantyMonths < 3);
  if (warranted.length < 2) throw new Error('the demo world has fewer than two products under warranty');
  const generated = world.customers.filter((c) => /^CUS-0010\d\d$/.test(c.id)).slice(0, options.hotCustomers);
  let orderSeq = 0;
  const hot = generated.map((customer, i): HotCustomer => {
    const order = (status: 'PLACED' | 'DELIVERED', skus: string[]): DemoOrder => {
      const placedAt = new Date(now.getTime() - (status === 'PLACED' ? 0.5 : 12) * DAY);
      const added: DemoOrder = {
        number: String(490000000 + orderSeq++),
        customerId: customer.id,
        placedAt,
        channel: 'WEB',
        status,
        currency: 'USD',
        deliveredAt: status === 'DELIVERED' ? new Date(placedAt.getTime() + 2 * DAY) : null,
        cancellation: null,
        lines: skus.map((sku) => ({ sku, quantity: 1, unitPrice: world.products.find((p) => p.sku === sku)!.price })),
      };
      world.orders.push(added);
      return added;
    };
    const pickFrom = <T>(items: T[], k: number) => items[(i * 7 + k) % items.length];
    const placed = Array.from({ length: options.placedEach }, (_, k) => order('PLACED', [pickFrom(others.length ? others : warranted, k).sku]));
    const delivered = Array.from({ length: options.deliveredEach }, (_, k) => order('DELIVERED', [pickFrom(warranted, k).sku, pickFrom(warranted, k + 1).sku]));
    const about = delivered[0] ?? placed[0];
    const caseNumber = `CS-${900000 + i}`;
    world.supportCases.push({
      number: caseNumber,
      customerId: customer.id,
      orderNumber: about.number,
      subject: 'Consistency run',
      status: 'OPEN',
      openedAt: new Date(now.getTime() - DAY),
      channel: 'PHONE',
      interactions: [{ at: new Date(now.getTime() - DAY), channel: 'PHONE', summary: 'Case opened for the consistency run.' }],
    });
    return {
      id: customer.id,
      placed: placed.map((o) => o.number),
      returnable: delivered.flatMap((o) => [...new Set(o.lines.map((l) => l.sku))].map((sku) => ({ order: o.number, sku }))),
      orders: [...placed, ...delivered].map((o) => o.number),
      caseNumber,
    };
  });
  const skus = [...new Set(hot.flatMap((h) => h.orders.flatMap((n) => world.orders.find((o) => o.number === n)!.lines.map((l) => l.sku))))];
  return { world, hot, skus };
}
