import { STORY } from '../../../demo/stories';
import type { SubgraphName } from '../../../common/subgraphs';
import { SUBGRAPH_NAMES } from '../../../common/subgraphs';
import { testDatabase } from '../../support/database';
import { startTestGraph, type TestGraph } from '../../support/graph';
import { deleteStreams, describeWith, testBusEnv } from '../../scale/events/support/busEnv';
import { sseClient, wsClient } from '../support/clients';
import { placedOrderOf } from '../support/orders';
import { nextWithin, until } from '../support/waiting';

/**
 * Two replicas of the whole graph (gateway and subgraphs) sharing each subgraph's PostgreSQL
 * database and one NATS JetStream stream, as two hosts behind a load balancer would: a change
 * made through replica A reaches a subscriber of replica B, through B's own ordered consumer.
 */
const busEnv = testBusEnv();
const databases = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, testDatabase(`live_${name}`)])) as Record<SubgraphName, ReturnType<typeof testDatabase>>;
let a: TestGraph;
let b: TestGraph;

describeWith(['NATS_URL', 'TEST_DATABASE_URL'])('the live graph on two replicas over NATS', () => {
  beforeAll(async () => {
    const env = { ...process.env, ...busEnv, LOG_LEVEL: 'silent' };
    a = await startTestGraph({ env, database: (name) => databases[name] });
    b = await startTestGraph({ env, database: (name) => databases[name] }); // the databases are migrated and seeded: B joins them
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    for (const db of Object.values(databases)) await db.cleanup();
    await deleteStreams(busEnv);
  });

  test.each([
    ['graphql-sse', sseClient],
    ['graphql-ws', wsClient],
  ])('When an order is cancelled through replica A, then a %s subscriber on replica B gets the payload with B reading the new state', async (_name, make) => {
    const client = make(b.gatewayUrl, await b.token('agent'));
    const stream = client.subscribe(
      `subscription($id: ID!) { customerActivity(customerId: $id) { kind order { number status } customer { name supportCases { number } } } }`,
      { id: STORY.bob.id },
    );
    const first = stream.next();
    await until(() => b.subgraphs.orders!.live.listenerCount === 1, 10_000, "B's Orders is listening");
    const order = _name === 'graphql-sse' ? STORY.bob.placedOrder : await placedOrderOf(a.subgraphs.orders!.db, STORY.bob.id);
    const { errors } = await a.query(`mutation { cancelOrder(number: "${order}", reason: CUSTOMER_REQUEST) { status } }`);
    expect(errors).toBeUndefined();
    const payload = await nextWithin({ next: () => first }, 15_000, 'the payload on replica B');
    expect(payload.errors).toBeUndefined();
    expect(payload.data).toMatchObject({ customerActivity: { kind: 'ORDER_CANCELLED', order: { number: order, status: 'CANCELLED' }, customer: { name: 'Bob Jones' } } });
    await stream.return?.();
    await client.dispose();
    await until(() => b.gateway.live.openCount === 0 && b.subgraphs.orders!.live.listenerCount === 0, 5000, 'nothing left open on B');
  });

  test('When an order is cancelled through replica A, then a subscriber on replica B also hears that the customer was told, the notice read from Notifications', async () => {
    const client = sseClient(b.gatewayUrl, await b.token('agent'));
    const stream = client.subscribe(
      `subscription($id: ID!) { customerActivity(customerId: $id) { kind notification { topic body order { number } } } }`,
      { id: STORY.erin.id },
    );
    const first = stream.next();
    await until(() => b.subgraphs.orders!.live.listenerCount === 1, 10_000, "B's Orders is listening");
    const order = await placedOrderOf(a.subgraphs.orders!.db, STORY.erin.id);
    const { errors } = await a.query(`mutation { cancelOrder(number: "${order}", reason: PAYMENT_VERIFICATION_FAILED) { status } }`);
    expect(errors).toBeUndefined();
    const kinds = [await nextWithin({ next: () => first }, 15_000, 'the cancellation on B'), await nextWithin(stream, 15_000, 'the notification on B')];
    expect(kinds.map((p) => (p.data as any)?.customerActivity?.kind)).toEqual(['ORDER_CANCELLED', 'NOTIFICATION_SENT']);
    expect(kinds[1].errors).toBeUndefined();
    expect((kinds[1].data as any).customerActivity.notification).toMatchObject({ topic: 'ORDER_CANCELLED', order: { number: order }, body: expect.stringContaining('payment') });
    await stream.return?.();
    await client.dispose();
    await until(() => b.gateway.live.openCount === 0 && b.subgraphs.orders!.live.listenerCount === 0, 5000, 'nothing left open on B');
  });
});
