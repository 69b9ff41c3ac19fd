import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import { InProcessEventBus, type EventWatcher, type Subscription } from '../../common/events';
import { createLogger } from '../../common/logger';
import { DEMO_SUBJECTS } from '../../gateway/auth/demoTokens';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { startTestGraph, type TestGraph } from '../support/graph';

/** Two gateway replicas, each with its own entity cache in memory, sharing generations and entries in Redis (REDIS_URL). */
const redisUrl = process.env.REDIS_URL;
const suite = redisUrl ? describe : describe.skip;

jest.setTimeout(180_000);

/** The owners' events reach the gateways' caches a second and a half late: only the shared generations can make a read right after a write fresh. */
class LateBus extends InProcessEventBus {
  override watch(watcher: EventWatcher): Promise<Subscription> {
    return super.watch((event) => void setTimeout(() => watcher(event), 1_500));
  }
}

suite('entity cache across replicas (Redis generations and entries)', () => {
  let graph: TestGraph;
  let replica: RunningGateway;
  let redis: Redis;
  const BOB = DEMO_SUBJECTS.customer;
  const prefix = `entity-cache-test-${randomUUID()}`;

  beforeAll(async () => {
    graph = await startTestGraph({ bus: new LateBus(), gateway: { redisUrl, entityCache: { mode: 'auto', maxBytes: 5_000_000, types: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'], redisPrefix: prefix } } });
    replica = await startGateway({ ...graph.gateway.config, port: 0 }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await replica?.stop();
    await graph?.stop();
    // This run's own counters and entries only.
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const onReplica = (query: string, headers: Record<string, string>) =>
    fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }).then((response) => response.json() as Promise<any>);
  const entries = async () => new Set(await redis.keys(`${prefix}:entry:*`));
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  test("the replica's first read of what the other cached comes from Redis (no SQL at the owner); right after cancelOrder returns through the replica, the other sees CANCELLED, and still hits for another order", async () => {
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
    const caseRead = (number: string) => `{ supportCase(number: "${number}") { order { status } } }`;
    const readCase = (number: string) => () => graph.query(caseRead(number), {}, { ...bob, 'x-entity-cache': 'report' });
    const onFirst = readCase(opened.data.openSupportCase.number);
    const otherOnFirst = readCase(other.data.openSupportCase.number);
    // The cases' events (1.5 s late, and the notifications they cause) move the generations of what they name: let them pass.
    await graph.settle();
    const sequences = () => redis.mget(...Object.keys(CACHEABLE_ENTITIES).map((type) => `${prefix}:seq:${type}`)).then(String);
    // Quiet means no counter moved for twice the events' delay (a busy machine delivers them later still).
    for (let i = 0, seen = ''; i < 10 && seen !== (seen = await sequences()); i++) await pause(3_000);

    // The replica fetches the order and shares it; its write to Redis is not waited for by its client.
    const held = await entries();
    expect((await onReplica(caseRead(opened.data.openSupportCase.number), bob)).data.supportCase.order.status).toBe('PLACED');
    for (let i = 0; i < 100 && (await entries()).size === held.size; i++) await pause(20);
    const [key] = [...(await entries())].filter((stored) => !held.has(stored));
    expect(key).toBeDefined();
    // The TTL bounds what Redis holds; the key is a hash, not the caller's scope in clear.
    expect(await redis.ttl(key)).toBeGreaterThan(0);
    expect(key).not.toContain(BOB);

    const before = graph.statements().orders;
    const fromRedis = await onFirst();
    expect(fromRedis.data.supportCase.order.status).toBe('PLACED');
    expect((fromRedis as { extensions?: any }).extensions.entityCache).toEqual({ hits: 1, misses: 0, bypassed: 0, fromRedis: 1 });
    expect(graph.statements().orders).toBe(before);
    // Then from its own memory.
    expect(((await onFirst()) as { extensions?: any }).extensions.entityCache).toEqual({ hits: 1, misses: 0, bypassed: 0, fromRedis: 0 });
    await otherOnFirst();
    // A keyed root read too (order(number:), its key selected), warm on the first replica.
    const orderOnFirst = () => graph.query(`{ order(number: "${orderNumber}") { number status } }`, {}, { ...bob, 'x-entity-cache': 'report' });
    await orderOnFirst();
    expect(((await orderOnFirst()) as { extensions?: any }).extensions.entityCache.hits).toBe(1);

    const cancelled = await onReplica(`mutation { cancelOrder(number: "${orderNumber}", reason: CUSTOMER_REQUEST) { status } }`, bob);
    expect(cancelled.data.cancelOrder.status).toBe('CANCELLED');
    // The event is still 1.5 s away: only the generations the replica moved before answering tell the other its memory and Redis are out of date.
    expect((await orderOnFirst()).data.order.status).toBe('CANCELLED');
    const after = await onFirst();
    expect(after.data.supportCase.order.status).toBe('CANCELLED');
    expect((after as { extensions?: any }).extensions.entityCache.misses).toBe(1);
    // The replica moved only the counters of the order and customer Orders said it changed.
    expect(((await otherOnFirst()) as { extensions?: any }).extensions.entityCache).toMatchObject({ hits: 1, misses: 0 });
  });
});
