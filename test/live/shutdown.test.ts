import { startTestGraph, type TestGraph } from '../support/graph';
import { sseClient, wsClient } from './support/clients';
import { until } from './support/waiting';

/**
 * A stopping gateway drops its subscribers' connections instead of completing their subscriptions:
 * graphql-sse and graphql-ws clients end a completed subscription for good, and reconnect after a
 * dropped connection, to another replica behind the load balancer. (With retries off, as here, a
 * drop surfaces as an error and a completion as the iterator's end.)
 */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

const ORDER = `subscription Order($number: ID!) { orderChanged(number: $number) { kind order { number status } } }`;

test('When the gateway stops, then graphql-sse and graphql-ws subscribers see their connection dropped, not their subscription completed', async () => {
  const [order] = await graph.subgraphs.orders!.db.query<{ number: string }>(`SELECT number FROM orders ORDER BY number LIMIT 1`);
  const token = await graph.token('agent');
  const sse = sseClient(graph.gatewayUrl, token).subscribe(ORDER, { number: order.number });
  const ws = wsClient(graph.gatewayUrl, token).subscribe(ORDER, { number: order.number });
  const outcomes = [sse, ws].map((stream) =>
    stream.next().then(
      (result) => ({ completed: result.done === true, value: result.value }),
      (error: unknown) => ({ dropped: error }),
    ),
  );
  await until(() => graph.gateway.live.openCount === 2, 10_000, 'both subscriptions open on the gateway');

  await graph.gateway.stop();

  const [overSse, overWs] = await Promise.all(outcomes);
  expect(overSse).toEqual({ dropped: expect.anything() });
  expect(overWs).toEqual({ dropped: expect.objectContaining({ code: 1001 }) });
  await until(() => graph.gateway.live.openCount === 0, 5000, 'no subscription left open on the stopped gateway');
  await until(() => graph.subgraphs.orders!.live.listenerCount === 0, 5000, 'no listener left in Orders');
});
