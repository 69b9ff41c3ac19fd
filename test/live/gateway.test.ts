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

const ACTIVITY = `subscription Activity($id: ID!) {
  customerActivity(customerId: $id) {
    kind at
    customer { name supportCases { number } }
    order { number status cancellation { reason message } lines { product { sku name } } }
    supportCase { number subject interactions { summary } }
  }
}`;

/** Subscribes and waits until the owning subgraph is listening, so no change is made before it. */
async function subscribed(client: LiveClient, query: string, variables: Record<string, unknown>, subgraph: 'orders' | 'support' = 'orders') {
  const feed = graph.subgraphs[subgraph]!.live;
  const before = feed.listenerCount;
  const stream = client.subscribe(query, variables);
  const first = stream.next();
  await until(() => feed.listenerCount > before, 10_000, 'the subgraph is listening');
  return { stream, first: () => nextWithin({ next: () => first }, 10_000, 'the first payload') };
}

async function noneOpen() {
  await until(() => graph.gateway.live.openCount === 0, 5000, 'no subscription open on the gateway');
  await until(() => graph.subgraphs.orders!.live.listenerCount === 0, 5000, 'no listener left in Orders');
  await until(() => graph.subgraphs.support!.live.listenerCount === 0, 5000, 'no listener left in Support');
}

describe('subscriptions through the gateway', () => {
  test('When an order is cancelled, then a graphql-sse subscriber gets the activity with fields from Orders, Support and Pricing as they are now', async () => {
    const client = sseClient(graph.gatewayUrl, await graph.token('agent'));
    const { stream, first } = await subscribed(client, ACTIVITY, { id: STORY.bob.id });
    const { errors } = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: OUT_OF_STOCK) { status } }`);
    expect(errors).toBeUndefined();
    const payload = await first();
    expect(payload.errors).toBeUndefined();
    const activity = (payload.data as any).customerActivity;
    expect(activity).toMatchObject({
      kind: 'ORDER_CANCELLED',
      customer: { name: 'Bob Jones', supportCases: expect.any(Array) },
      order: { number: STORY.bob.placedOrder, status: 'CANCELLED', cancellation: { reason: 'OUT_OF_STOCK' } },
      supportCase: null,
    });
    expect(activity.order.lines.length).toBeGreaterThan(0);
    for (const line of activity.order.lines) expect(line.product.name).toEqual(expect.any(String)); // Pricing's field
    await stream.return?.();
    await client.dispose();
    await noneOpen();
  });

  test('When an order is cancelled, then the subscriber sees ORDER_CANCELLED and then NOTIFICATION_SENT with the notice as Notifications holds it (story 4: no silent cancellation)', async () => {
    const order = await placedOrderOf(graph.subgraphs.orders!.db, STORY.erin.id);
    const client = sseClient(graph.gatewayUrl, await graph.token('agent'));
    const query = `subscription($id: ID!) { customerActivity(customerId: $id) {
      kind order { number status cancellation { message } }
      notification { id topic subject body order { number } customer { name } } } }`;
    const { stream, first } = await subscribed(client, query, { id: STORY.erin.id });
    const { errors } = await graph.query(`mutation { cancelOrder(number: "${order}", reason: PAYMENT_VERIFICATION_FAILED) { status } }`);
    expect(errors).toBeUndefined();
    const cancelled = await first();
    expect(cancelled).toEqual({ data: { customerActivity: expect.objectContaining({ kind: 'ORDER_CANCELLED', notification: null }) } });
    const told = await nextWithin(stream, 10_000, 'the NOTIFICATION_SENT payload');
    expect(told.errors).toBeUndefined();
    const activity = (told.data as any).customerActivity;
    expect(activity).toMatchObject({
      kind: 'NOTIFICATION_SENT',
      order: { number: order, status: 'CANCELLED' },
      notification: { topic: 'ORDER_CANCELLED', order: { number: order }, customer: { name: 'Erin Moore' } },
    });
    expect(activity.notification.body).toContain(activity.order.cancellation.message);
    const [sent] = await graph.subgraphs.notifications!.db.query<{ id: string }>(`SELECT id FROM notifications WHERE order_number = $1`, [order]);
    expect(activity.notification.id).toBe(sent.id);
    await stream.return?.();
    await client.dispose();
    await noneOpen();
  });

  test('When a support case is opened, then a graphql-ws subscriber gets the activity with the case as Support holds it', async () => {
    const client = wsClient(graph.gatewayUrl, await graph.token('agent'));
    const { stream, first } = await subscribed(client, ACTIVITY, { id: STORY.alice.id });
    const { data, errors } = await graph.query(
      `mutation($input: OpenSupportCaseInput!) { openSupportCase(input: $input) { number } }`,
      { input: { customerId: STORY.alice.id, subject: 'Live screen check', channel: 'PHONE', summary: 'Called about the laptop' } },
    );
    expect(errors).toBeUndefined();
    const payload = await first();
    expect(payload.errors).toBeUndefined();
    expect((payload.data as any).customerActivity).toMatchObject({
      kind: 'SUPPORT_CASE_OPENED',
      order: null,
      supportCase: { number: data.openSupportCase.number, subject: 'Live screen check', interactions: [{ summary: 'Called about the laptop' }] },
    });
    await stream.return?.();
    await client.dispose();
    await noneOpen();
  });

  test.each([
    ['graphql-sse', sseClient],
    ['graphql-ws', wsClient],
  ])('When a customer subscribes to another customer over %s, then the stream is refused with FORBIDDEN', async (_name, make) => {
    const client = make(graph.gatewayUrl, await graph.token('customer', STORY.alice.id));
    const stream = client.subscribe(ACTIVITY, { id: STORY.bob.id });
    const refusal = await nextWithin(stream, 10_000, 'the refusal').catch((errors: unknown) => ({ errors }));
    expect(JSON.stringify(refusal.errors)).toContain('FORBIDDEN');
    await client.dispose();
    await noneOpen();
  });

  test('When a customer watches their own order, then the change arrives with Notifications fields resolved for them', async () => {
    const client = sseClient(graph.gatewayUrl, await graph.token('customer', STORY.bob.id));
    const query = `subscription($n: ID!) { orderChanged(number: $n) { kind order { number status notifications { id } } } }`;
    const { stream, first } = await subscribed(client, query, { n: STORY.bob.deliveredOrder });
    const [line] = await graph.subgraphs.orders!.db.query<{ sku: string }>(`SELECT sku FROM order_lines WHERE order_number = $1 LIMIT 1`, [STORY.bob.deliveredOrder]);
    const { errors } = await graph.query(
      `mutation { requestReturn(orderNumber: "${STORY.bob.deliveredOrder}", sku: "${line.sku}", resolution: REFUND) { id } }`,
    );
    if (errors) {
      // A warranty that lapsed in the demo data refuses the return: then nothing changed and nothing may arrive.
      expect(errors[0].extensions).toMatchObject({ code: 'NOT_ALLOWED' });
    } else {
      const payload = await first();
      expect(payload.errors).toBeUndefined();
      expect((payload.data as any).orderChanged).toMatchObject({ kind: 'RETURN_REQUESTED', order: { number: STORY.bob.deliveredOrder, notifications: expect.any(Array) } });
    }
    await stream.return?.();
    await client.dispose();
    await noneOpen();
  });

  test('When a query is sent over the stream, then it is refused with a pointer to POST /graphql', async () => {
    const client = sseClient(graph.gatewayUrl, await graph.token('agent'));
    const stream = client.subscribe(`{ customer(id: "${STORY.bob.id}") { name } }`);
    const refusal = await nextWithin(stream, 10_000, 'the refusal').catch((errors: unknown) => ({ errors }));
    expect(JSON.stringify(refusal.errors)).toContain('POST /graphql');
    await client.dispose();
  });
});
