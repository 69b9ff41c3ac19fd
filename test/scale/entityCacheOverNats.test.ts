import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import { createLogger } from '../../common/logger';
import { DEMO_SUBJECTS } from '../../gateway/auth/demoTokens';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { startTestGraph, type TestGraph } from '../support/graph';
import { deleteStreams, testBusEnv } from './events/support/busEnv';

/**
 * Two gateway replicas as deployed: the owners' events on NATS JetStream, the generations in Redis; the second
 * replica connects to JetStream itself (ENTITY_CACHE=auto serves there only because REDIS_URL is set).
 */
const redisUrl = process.env.REDIS_URL;
const suite = redisUrl && process.env.NATS_URL ? describe : describe.skip;

jest.setTimeout(180_000);

suite('entity cache over NATS JetStream with Redis generations', () => {
  const env = testBusEnv();
  const prefix = `entity-cache-test-${randomUUID()}`;
  const saved = { ...process.env };
  let graph: TestGraph;
  let replica: RunningGateway;
  const BOB = DEMO_SUBJECTS.customer;
  const query = (url: string, body: object, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

  beforeAll(async () => {
    graph = await startTestGraph({ env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, gateway: { redisUrl, entityCache: { mode: 'auto', maxBytes: 5_000_000, types: Object.keys(CACHEABLE_ENTITIES), redisPrefix: prefix } } });
    // The replica reads its bus settings from the environment, as gateway/index.ts does.
    Object.assign(process.env, env);
    replica = await startGateway({ ...graph.gateway.config, eventBus: undefined, port: 0 }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await replica?.stop();
    await graph?.stop();
    process.env = saved;
    await deleteStreams(env);
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  test('the replica serves from its cache once it watches JetStream, and sees a change made through the other replica at once', async () => {
    const bob = { authorization: `Bearer ${await graph.token('customer')}`, 'x-entity-cache': 'report' };
    const read = { query: `{ customer(id: "${BOB}") { orders { number status supportCases { number } } } }` };
    const hits = async () => {
      for (let i = 0; i < 50; i++) {
        const answer = await query(replica.url, read, bob);
        if (answer.extensions?.entityCache?.hits > 0) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the replica never served from its cache');
    };
    const before = await hits();
    const placed = before.data.customer.orders.find((order: { status: string }) => order.status === 'PLACED');
    const cancelled = await query(graph.gatewayUrl, { query: `mutation { cancelOrder(number: "${placed.number}", reason: CUSTOMER_REQUEST) { status } }` }, bob);
    expect(cancelled.data.cancelOrder.status).toBe('CANCELLED');
    // Order.supportCases came from the replica's cache: the generations say the cancelled order's is no longer
    // current, and only its (Orders named that order and its customer).
    const after = await query(replica.url, read, bob);
    expect(after.extensions.entityCache).toMatchObject({ misses: 1, hits: before.data.customer.orders.length - 1 });
    expect(after.data.customer.orders.find((order: { number: string }) => order.number === placed.number).status).toBe('CANCELLED');
  });
});
