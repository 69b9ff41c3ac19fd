import { STORY } from '../../demo/stories';
import { startTestGraph, type TestGraph } from '../support/graph';
import { sseClient, wsClient, type LiveClient } from './support/clients';
import { placedOrderOf } from './support/orders';
import { nextWithin, until } from './support/waiting';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

/** The gateway's fetches to a subgraph so far (every outcome), from its /metrics. */
async function fetchesTo(subgraph: string): Promise<number> {
  const text = await (await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('subgraph_fetch_duration_seconds_count{') && line.includes(`subgraph="${subgraph}"`)) total += Number(line.split(' ').pop());
  }
  return total;
}

async function closeAll(clients: LiveClient[], streams: AsyncIterableIterator<unknown>[]) {
  await Promise.all(streams.map((stream) => stream.return?.()));
  await Promise.all(clients.map((client) => client.dispose()));
  await until(() => graph.gateway.live.openCount === 0 && graph.gateway.live.sharedCount === 0, 5000, 'nothing open on the gateway');
  await until(() => graph.subgraphs.orders!.live.listenerCount === 0, 5000, 'no listener left in Orders');
}

describe('one execution per event for identical subscriptions of one identity', () => {
  test('When 5 identical subscriptions of one agent watch an order, then an event costs one stream to Orders and one fetch to each other subgraph, and all 5 get the payload', async () => {
    const order = await placedOrderOf(graph.subgraphs.orders!.db, STORY.chris.id);
    const client = wsClient(graph.gatewayUrl, await graph.token('agent', 'agent-five-screens'));
    const query = `subscription($n: ID!) { orderChanged(number: $n) { kind order { number status supportCases { number } notifications { id } } } }`;
    const streams = Array.from({ length: 5 }, () => client.subscribe(query, { n: order }));
    const firsts = streams.map((stream) => nextWithin(stream, 15_000, 'the payload'));
    await until(() => graph.gateway.live.openCount === 5 && graph.subgraphs.orders!.live.listenerCount === 1, 10_000, 'five open, one stream to Orders');
    expect(graph.gateway.live.sharedCount).toBe(1);
    const before = { support: await fetchesTo('support'), notifications: await fetchesTo('notifications') };

    const { errors } = await graph.query(`mutation { cancelOrder(number: "${order}", reason: CUSTOMER_REQUEST) { status } }`);
    expect(errors).toBeUndefined();
    const payloads = await Promise.all(firsts);

    for (const payload of payloads) {
      expect(payload).toEqual({ data: { orderChanged: { kind: 'CANCELLED', order: { number: order, status: 'CANCELLED', supportCases: [], notifications: expect.any(Array) } } } });
    }
    expect({ support: (await fetchesTo('support')) - before.support, notifications: (await fetchesTo('notifications')) - before.notifications }).toEqual({ support: 1, notifications: 1 });
    await closeAll([client], streams);
  });

  test('When a customer and an agent send the same document with the same variables, then each payload is computed for its own identity (the customer reads her notification access log, the agent is refused it)', async () => {
    const order = await placedOrderOf(graph.subgraphs.orders!.db, STORY.bob.id);
    const query = `subscription($id: ID!) { customerActivity(customerId: $id) { kind order { number } customer { notificationAccessLog(last: 3) { role } } } }`;
    const bob = sseClient(graph.gatewayUrl, await graph.token('customer', STORY.bob.id));
    const agent = sseClient(graph.gatewayUrl, await graph.token('agent', 'agent-beside-bob'));
    const streams = [bob.subscribe(query, { id: STORY.bob.id }), agent.subscribe(query, { id: STORY.bob.id })];
    const [bobs, agents] = streams.map((stream) => nextWithin(stream, 15_000, 'the payload'));
    await until(() => graph.gateway.live.openCount === 2 && graph.subgraphs.orders!.live.listenerCount === 2, 10_000, 'both open, each with its own stream');
    expect(graph.gateway.live.sharedCount).toBe(2);

    const { errors } = await graph.query(`mutation { cancelOrder(number: "${order}", reason: CUSTOMER_REQUEST) { status } }`);
    expect(errors).toBeUndefined();

    const toBob = await bobs;
    expect(toBob.errors).toBeUndefined();
    expect(toBob.data).toEqual({ customerActivity: { kind: 'ORDER_CANCELLED', order: { number: order }, customer: { notificationAccessLog: expect.any(Array) } } });
    const toAgent = await agents;
    expect(toAgent.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(toAgent.data ?? null)).not.toContain('notificationAccessLog":[');
    await closeAll([bob, agent], streams);
  });

  test('When two customers send the same document, then each gets only their own activity', async () => {
    const query = `subscription($id: ID!) { customerActivity(customerId: $id) { kind customer { id name } order { number } } }`;
    const [alicesOrder, bobsOrder] = [await placedOrderOf(graph.subgraphs.orders!.db, STORY.alice.id), await placedOrderOf(graph.subgraphs.orders!.db, STORY.bob.id)];
    const alice = wsClient(graph.gatewayUrl, await graph.token('customer', STORY.alice.id));
    const bob = wsClient(graph.gatewayUrl, await graph.token('customer', STORY.bob.id));
    const streams = [alice.subscribe(query, { id: STORY.alice.id }), bob.subscribe(query, { id: STORY.bob.id })];
    const [alices, bobs] = streams.map((stream) => nextWithin(stream, 15_000, 'the payload'));
    await until(() => graph.subgraphs.orders!.live.listenerCount === 2, 10_000, 'both listening');

    // Alice's change first: were the two shared, Bob's first payload would be hers.
    for (const number of [alicesOrder, bobsOrder]) {
      const { errors } = await graph.query(`mutation { cancelOrder(number: "${number}", reason: CUSTOMER_REQUEST) { status } }`);
      expect(errors).toBeUndefined();
    }

    expect(await alices).toEqual({ data: { customerActivity: { kind: 'ORDER_CANCELLED', customer: { id: STORY.alice.id, name: 'Alice Smith' }, order: { number: alicesOrder } } } });
    expect(await bobs).toEqual({ data: { customerActivity: { kind: 'ORDER_CANCELLED', customer: { id: STORY.bob.id, name: 'Bob Jones' }, order: { number: bobsOrder } } } });
    await closeAll([alice, bob], streams);
  });
});
