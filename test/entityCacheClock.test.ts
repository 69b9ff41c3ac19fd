import { DEMO_SUBJECTS } from '../gateway/auth/demoTokens';
import { insertPromotions } from '../subgraphs/pricing/repository';
import { startTestGraph, type TestGraph } from './support/graph';

jest.setTimeout(180_000);

/**
 * The whole graph with the entity cache on: a price, which changes with the clock, is served from the cache
 * until its owner's validUntil, and a promotion starting meanwhile shows on the first read after its start,
 * with no event at all (docs/entity-cache.md, "Values that change with the clock").
 */
const CACHE_ON = { mode: 'auto' as const, maxBytes: 5_000_000, types: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'] };
const BOB = DEMO_SUBJECTS.customer;
const PRICES = `query Prices($number: ID!) { order(number: $number) { lines { product { sku price(channel: WEB) { amount { amount } promotion } } } } }`;

let graph: TestGraph;
let bob: Record<string, string>;

beforeAll(async () => {
  graph = await startTestGraph({ gateway: { entityCache: CACHE_ON, redisUrl: undefined } });
  bob = { authorization: `Bearer ${await graph.token('customer')}` };
});
afterAll(() => graph?.stop());

interface Line {
  product: { sku: string; price: { amount: { amount: string }; promotion: string | null } };
}

test('a price read twice before its next change runs no SQL at Pricing the second time; a promotion starting in the meantime shows on the first read after its start, without any event', async () => {
  const orders = await graph.query(`{ customer(id: "${BOB}") { orders { number } } }`, {}, bob);
  const number: string = orders.data.customer.orders[0].number;
  const lines = async (): Promise<Line[]> => {
    const answer = await graph.query(PRICES, { number }, bob);
    expect(answer.errors).toBeUndefined();
    return answer.data.order.lines;
  };
  // The SKU from Orders alone (the key, no fetch to Pricing): nothing of its price is cached before the promotion exists.
  const skus = await graph.query(`query Skus($number: ID!) { order(number: $number) { lines { product { sku } } } }`, { number }, bob);
  const sku: string = skus.data.order.lines[0].product.sku;
  // Written through Pricing's own data path, as its seed does. Promotions are written only there, before any read
  // of the product could be cached: no event announces one, its start is the change the answer's validUntil names.
  const startsAt = new Date(Date.now() + 5_000);
  await insertPromotions(graph.subgraphs.pricing!.db, [
    { id: 'PROMO-CLOCK-TEST', sku, name: 'Clock test', advertisedIn: 'WEB', amount: '0.01', startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) },
  ]);

  const before = await lines();
  expect(before[0].product.price.promotion).not.toBe('Clock test');
  const statements = graph.statements().pricing ?? 0;
  const again = await lines();
  // Still before the start (less the gateway's skew margin): served from the cache.
  expect(Date.now()).toBeLessThan(startsAt.getTime() - 1_000);
  expect(again).toEqual(before);
  expect(graph.statements().pricing).toBe(statements);

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt.getTime() - Date.now() + 20)));
  const after = await lines();
  expect(after[0].product.price).toEqual({ amount: { amount: '0.01' }, promotion: 'Clock test' });
  expect(graph.statements().pricing).toBeGreaterThan(statements ?? 0);
});
