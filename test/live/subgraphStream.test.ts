import { createClient } from 'graphql-sse';
import { STORY } from '../../demo/stories';
import { startTestGraph, type TestGraph } from '../support/graph';
import { AGENT, customer, identityHeaders } from '../support/identity';
import { placedOrderOf } from './support/orders';
import { nextWithin, until } from './support/waiting';

const GATE = 2;
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph({ env: { ...process.env, NATS_URL: '', LOG_LEVEL: 'silent', SUBGRAPH_LIVE_MAX_CONCURRENT_EVENTS: String(GATE) } });
});
afterAll(() => graph?.stop());

function streamClient(subgraph: 'orders' | 'support', headers: Record<string, string>) {
  const url = graph.subgraphs[subgraph]!.url.replace(/\/graphql$/, '/graphql/stream');
  return createClient({ url, headers, retryAttempts: 0 });
}

describe('a subgraph serving its subscriptions over graphql-sse', () => {
  test('When an order is cancelled, then an Orders subscriber of the customer gets the activity with the order as it is now', async () => {
    const client = streamClient('orders', await identityHeaders(AGENT, 'orders'));
    const stream = client.iterate({
      query: `subscription($id: ID!) { customerActivity(customerId: $id) { kind at customer { id name } order { number status cancellation { reason } } } }`,
      variables: { id: STORY.bob.id },
    });
    const first = stream.next();
    const orders = graph.subgraphs.orders!;
    await until(() => orders.live.listenerCount === 1, 5000, 'the subscription is listening');
    const { errors } = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`);
    expect(errors).toBeUndefined();
    const result = await nextWithin({ next: () => first }, 5000, 'activity payload');
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      customerActivity: {
        kind: 'ORDER_CANCELLED',
        customer: { id: STORY.bob.id, name: 'Bob Jones' },
        order: { number: STORY.bob.placedOrder, status: 'CANCELLED', cancellation: { reason: 'CUSTOMER_REQUEST' } },
      },
    });
    await stream.return?.();
    await until(() => orders.live.listenerCount === 0, 5000, 'the listener is gone after the client closed');
    client.dispose();
  });

  test('When a customer subscribes to another customer, then the stream is refused with FORBIDDEN', async () => {
    const client = streamClient('orders', await identityHeaders(customer(STORY.alice.id), 'orders'));
    const stream = client.iterate({ query: `subscription { customerActivity(customerId: "${STORY.bob.id}") { kind } }` });
    const refused = await nextWithin(stream, 5000, 'the refusal');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(graph.subgraphs.orders!.live.listenerCount).toBe(0);
    client.dispose();
  });

  test('When the identity header is forged, then the stream is refused with 401', async () => {
    const response = await fetch(graph.subgraphs.orders!.url.replace(/\/graphql$/, '/graphql/stream'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-identity': 'not.a.token' },
      body: JSON.stringify({ query: `subscription { customerActivity(customerId: "${STORY.bob.id}") { kind } }` }),
    });
    expect(response.status).toBe(401);
  });

  test(`When more streams have an event at once than SUBGRAPH_LIVE_MAX_CONCURRENT_EVENTS (${GATE}), then no more than that execute at a time and every stream still gets its payload`, async () => {
    const orders = graph.subgraphs.orders!;
    const number = await placedOrderOf(orders.db, STORY.chris.id);
    const headers = await identityHeaders(AGENT, 'orders');
    const clients = Array.from({ length: 6 }, () => streamClient('orders', headers));
    const streams = clients.map((client) => client.iterate({ query: `subscription { orderChanged(number: "${number}") { kind order { status } } }` }));
    const firsts = streams.map((stream) => stream.next());
    await until(() => orders.live.listenerCount === 6, 5000, 'six streams listening');
    const { errors } = await graph.query(`mutation { cancelOrder(number: "${number}", reason: CUSTOMER_REQUEST) { status } }`);
    expect(errors).toBeUndefined();
    for (const first of firsts) {
      const result = await nextWithin({ next: () => first }, 5000, 'the payload');
      expect(result).toEqual({ data: { orderChanged: { kind: 'CANCELLED', order: { status: 'CANCELLED' } } } });
    }
    expect(orders.eventGate.peak).toBe(GATE);
    expect(orders.eventGate.queued).toBe(0);
    await Promise.all(streams.map((stream) => stream.return?.()));
    clients.forEach((client) => client.dispose());
    await until(() => orders.live.listenerCount === 0, 5000, 'listeners gone');
  });
});
