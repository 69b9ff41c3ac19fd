import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { InProcessEventBus, type EventWatcher, type Subscription } from '../../common/events';
import { createLogger } from '../../common/logger';
import { DEMO_SUBJECTS } from '../../gateway/auth/demoTokens';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { startTestGraph, type TestGraph } from '../support/graph';

/** Two gateway replicas, each with its own entity cache, sharing generations in Redis (REDIS_URL). */
const redisUrl = process.env.REDIS_URL;
const suite = redisUrl ? describe : describe.skip;

jest.setTimeout(180_000);

/** The owners' events reach the gateways' caches a second and a half late: only the shared generations can make a read right after a write fresh. */
class LateBus extends InProcessEventBus {
  override watch(watcher: EventWatcher): Promise<Subscription> {
    return super.watch((event) => void setTimeout(() => watcher(event), 1_500));
  }
}

suite('entity cache across replicas (Redis generations)', () => {
  let graph: TestGraph;
  let replica: RunningGateway;
  const BOB = DEMO_SUBJECTS.customer;
  const prefix = `entity-cache-test-${randomUUID()}`;

  beforeAll(async () => {
    graph = await startTestGraph({ bus: new LateBus(), gateway: { redisUrl, entityCache: { mode: 'auto', maxBytes: 5_000_000, types: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'], redisPrefix: prefix } } });
    replica = await startGateway({ ...graph.gateway.config, port: 0 }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await replica?.stop();
    await graph?.stop();
    // This run's own counters only.
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  test('right after cancelOrder returns through one replica, a read on the other sees CANCELLED, and still hits for another order', async () => {
    const bob = { authorization: `Bearer ${await graph.token('customer')}` };
    const orders = await graph.query(`{ customer(id: "${BOB}") { orders { number status } } }`, {}, bob);
    const orderNumber = orders.data.customer.orders.find((order: { status: string }) => order.status === 'PLACED').number;
    const opened = await graph.query(
      `mutation { openSupportCase(input: { customerId: "${BOB}", orderNumber: "${orderNumber}", subject: "Late", channel: WEB, summary: "Where is it?" }) { number } }`,
    );
    const otherOrder = orders.data.customer.orders.find((order: { number: string }) => order.number !== orderNumber).number;
    const other = await graph.query(
      `mutation { openSupportCase(input: { customerId: "${BOB}", orderNumber: "${otherOrder}", subject: "Colour", channel: WEB, summary: "Wrong colour" }) { number } }`,
    );
    const readCase = (number: string) => () => graph.query(`{ supportCase(number: "${number}") { order { status } } }`, {}, { ...bob, 'x-entity-cache': 'report' });
    const onFirst = readCase(opened.data.openSupportCase.number);
    const otherOnFirst = readCase(other.data.openSupportCase.number);
    // The cases were opened through this replica; the events that dropped their orders are 1.5 s late.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await onFirst();
    await otherOnFirst();
    // A keyed root read too (order(number:), its key selected), warm on the first replica.
    const orderOnFirst = () => graph.query(`{ order(number: "${orderNumber}") { number status } }`, {}, { ...bob, 'x-entity-cache': 'report' });
    await orderOnFirst();
    expect(((await orderOnFirst()) as { extensions?: any }).extensions.entityCache.hits).toBe(1);
    const warm = await onFirst();
    expect(warm.data.supportCase.order.status).toBe('PLACED');
    expect((warm as { extensions?: any }).extensions.entityCache.hits).toBe(1);
    const cancelled = await fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bob },
      body: JSON.stringify({ query: `mutation { cancelOrder(number: "${orderNumber}", reason: CUSTOMER_REQUEST) { status } }` }),
    }).then((response) => response.json() as Promise<any>);
    expect(cancelled.data.cancelOrder.status).toBe('CANCELLED');
    expect((await orderOnFirst()).data.order.status).toBe('CANCELLED');
    const after = await onFirst();
    expect(after.data.supportCase.order.status).toBe('CANCELLED');
    expect((after as { extensions?: any }).extensions.entityCache.misses).toBe(1);
    // The other replica moved only the counters of the order and customer Orders said it changed.
    expect(((await otherOnFirst()) as { extensions?: any }).extensions.entityCache).toMatchObject({ hits: 1, misses: 0 });
  });
});
