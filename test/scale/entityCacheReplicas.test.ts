import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import { InProcessEventBus, type EventWatcher, type Subscription } from '../../common/events';
import { createLogger } from '../../common/logger';
import { DEMO_SUBJECTS } from '../../gateway/auth/demoTokens';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { startTestGraph, type TestGraph } from '../support/graph';

/** Two gateway replicas, each with its own entity cache, sharing per-type generations in Redis (REDIS_URL). */
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
    await redis.del(...Object.keys(CACHEABLE_ENTITIES).map((type) => `${prefix}:generation:${type}`));
    await redis.quit();
  });

  test('right after cancelOrder returns through one replica, a read on the other sees CANCELLED', async () => {
    const bob = { authorization: `Bearer ${await graph.token('customer')}` };
    const orders = await graph.query(`{ customer(id: "${BOB}") { orders { number status } } }`, {}, bob);
    const orderNumber = orders.data.customer.orders.find((order: { status: string }) => order.status === 'PLACED').number;
    const opened = await graph.query(
      `mutation { openSupportCase(input: { customerId: "${BOB}", orderNumber: "${orderNumber}", subject: "Late", channel: WEB, summary: "Where is it?" }) { number } }`,
    );
    const read = `{ supportCase(number: "${opened.data.openSupportCase.number}") { order { status } } }`;
    const onFirst = () => graph.query(read, {}, { ...bob, 'x-entity-cache': 'report' });
    await onFirst();
    const warm = await onFirst();
    expect(warm.data.supportCase.order.status).toBe('PLACED');
    expect((warm as { extensions?: any }).extensions.entityCache.hits).toBe(1);
    const cancelled = await fetch(replica.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bob },
      body: JSON.stringify({ query: `mutation { cancelOrder(number: "${orderNumber}", reason: CUSTOMER_REQUEST) { status } }` }),
    }).then((response) => response.json() as Promise<any>);
    expect(cancelled.data.cancelOrder.status).toBe('CANCELLED');
    expect((await onFirst()).data.supportCase.order.status).toBe('CANCELLED');
  });
});
