import type { SubgraphName } from '../common/subgraphs';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * Every entity reference and list field is batched per request, so the SQL a subgraph runs for
 * a query does not grow with the number of customers in it.
 */
let graph: TestGraph;
let customerIds: string[];
beforeAll(async () => {
  // The query below is deliberately wide (50 customers and every list under them) to count SQL;
  // the cost limit that would refuse it in production is tested in test/limits.test.ts.
  graph = await startTestGraph({ customers: 120, gateway: { maxCost: 1_000_000 } });
  const rows = await graph.subgraphs.orders!.db.query<{ id: string }>(
    `SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id LIMIT 50`,
  );
  customerIds = rows.map((r) => r.id);
});
afterAll(() => graph?.stop());

const OVERVIEW = `query Overview($ids: [ID!]!) { customers(ids: $ids) { id name
  orders { number status total { amount } lines { quantity product { sku name price(channel: STORE) { amount { amount } promotion } } } returns { id } supportCases { number } notifications { id } }
  supportCases { number interactions { at summary } }
  notifications { topic subject } } }`;

async function statementsFor(ids: string[], operationName = 'Overview') {
  const before = graph.statements();
  // Each count under an operation name of its own: the entity cache keys fetches by their operation, so the
  // larger read does not find the smaller one's customers there (and count their access-log records instead).
  const { data, errors } = await graph.query(OVERVIEW.replace('query Overview', `query ${operationName}`), { ids });
  expect(errors).toBeUndefined();
  expect(data.customers).toHaveLength(ids.length);
  const after = graph.statements();
  const delta = {} as Record<SubgraphName, number>;
  for (const name of Object.keys(after) as SubgraphName[]) delta[name] = (after[name] ?? 0) - (before[name] ?? 0);
  return { delta, data };
}

describe('SQL statements per request', () => {
  // One statement per loader the query touches; a DataLoader batch may split once across ticks.
  // Each subgraph also writes the agent's reads to its access log: an INSERT per kind of customer record
  // read (orders: Customer, Order; support, notifications: reached through customers and through orders)
  // per batch, and a batch of those may split once across ticks too; whatever the number of customers.
  const BOUND: Record<SubgraphName, number> = { orders: 8, support: 6, pricing: 3, notifications: 6 };

  test('When 50 customers\' orders, cases, notifications and prices are asked for at once, then each subgraph stays within the same few statements as for 5', async () => {
    expect(customerIds).toHaveLength(50);
    const five = await statementsFor(customerIds.slice(0, 5), 'OverviewOfFive');
    const fifty = await statementsFor(customerIds);
    for (const name of Object.keys(BOUND) as SubgraphName[]) {
      expect([name, five.delta[name]]).toEqual([name, expect.any(Number)]);
      expect(five.delta[name]).toBeGreaterThan(0);
      expect(five.delta[name]).toBeLessThanOrEqual(BOUND[name]);
      expect(fifty.delta[name]).toBeLessThanOrEqual(BOUND[name]);
    }
    const orders = fifty.data.customers.flatMap((c: { orders: unknown[] }) => c.orders);
    expect(orders.length).toBeGreaterThan(50);
  });
});
