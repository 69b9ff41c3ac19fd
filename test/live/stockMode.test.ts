import { STORY } from '../../demo/stories';
import { createLogger } from '../../common/logger';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { startTestGraph, type TestGraph } from '../support/graph';
import { sseClient } from './support/clients';
import { nextWithin, until } from './support/waiting';

/**
 * GATEWAY_ENGINE=stock keeps stock @apollo/gateway for queries and mutations, and subscriptions
 * still run on the engine (#29: one live path): the engine follows the stock gateway's supergraph,
 * plans the subscription and answers each event with the rest of the plan.
 */
let graph: TestGraph;
let stock: RunningGateway;
beforeAll(async () => {
  graph = await startTestGraph();
  stock = await startGateway({ ...graph.gateway.config, port: 0, engine: 'stock', metrics: false }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
});
afterAll(async () => {
  await stock?.stop();
  await graph?.stop();
});

test('When the stock gateway serves queries, then a subscription through it is planned by the engine on the same supergraph and its events carry every subgraph\'s fields', async () => {
  expect(stock.stock).toBeDefined();
  expect(stock.engine.supergraphSdl).toBeDefined();
  expect(stock.live.schema).toBe(stock.engine.apiSchema);
  const client = sseClient(stock.url, await graph.token('agent'));
  const feed = graph.subgraphs.orders!.live;
  const before = feed.listenerCount;
  const stream = client.subscribe(`subscription($id: ID!) { customerActivity(customerId: $id) { kind customer { name } order { number status lines { product { name } } } } }`, { id: STORY.bob.id });
  const first = stream.next();
  await until(() => feed.listenerCount > before, 10_000, 'the subgraph is listening');
  const { errors } = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: OUT_OF_STOCK) { status } }`);
  expect(errors).toBeUndefined();
  const payload = await nextWithin({ next: () => first }, 10_000, 'the first payload');
  expect(payload.errors).toBeUndefined();
  const activity = (payload.data as any).customerActivity;
  expect(activity).toMatchObject({ kind: 'ORDER_CANCELLED', customer: { name: 'Bob Jones' }, order: { number: STORY.bob.placedOrder, status: 'CANCELLED' } });
  for (const line of activity.order.lines) expect(line.product.name).toEqual(expect.any(String)); // Pricing's field, fetched at the event
  await stream.return?.();
  await client.dispose();
  await until(() => stock.live.openCount === 0, 5000, 'no subscription open on the stock gateway');
});
