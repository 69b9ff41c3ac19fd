import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { persistedQueryStoreRejected } from '../../common/processMetrics';
import { RedisPersistedQueryCache } from '../../gateway/persisted/redisApqCache';
import { loadGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { createLogger } from '../../common/logger';
import { STORY } from '../../demo/stories';
import { startTestGraph, type TestGraph } from '../support/graph';

/** Two gateway replicas share one persisted-query store in Redis (REDIS_URL). */
const redisUrl = process.env.REDIS_URL;
const suite = redisUrl ? describe : describe.skip;

suite('persisted queries across replicas (Redis)', () => {
  let graph: TestGraph;
  let second: RunningGateway;

  beforeAll(async () => {
    graph = await startTestGraph({ customers: 5, gateway: { redisUrl } });
    const urls = Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url]));
    second = await startGateway(loadGatewayConfig({ ...process.env, ...urls, PORT: '0', REDIS_URL: redisUrl }), createLogger('gateway', { LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await second?.stop();
    await graph?.stop();
  });

  test('When a query is registered on one replica, then the other serves it from its hash alone', async () => {
    // A unique document per run, so an earlier run's registration cannot make this pass.
    const query = `query SharedApq${Date.now()} { product(sku: "${STORY.partyLights.sku}") { name } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (url: string, body: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

    const unknown = await post(second.url, { extensions });
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(graph.gatewayUrl, { query, extensions });
    expect(registered.data.product.name).toBe('Party Lights, 20 bulbs');
    const shared = await post(second.url, { extensions });
    expect(shared.errors).toBeUndefined();
    expect(shared.data.product.name).toBe('Party Lights, 20 bulbs');
  });
});

suite('the shared persisted-query store (Redis): bounded and checked', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const log = createLogger('apq-test', { LOG_LEVEL: 'silent' });
  let redis: Redis;
  let prefix: string;
  let cache: RedisPersistedQueryCache;

  beforeEach(async () => {
    redis = new Redis(redisUrl!);
    prefix = `apq-test-${randomUUID()}:`; // a key space of its own: Redis is shared by other runs
    cache = new RedisPersistedQueryCache(redisUrl!, { log, maxEntries: 3, maxDocumentBytes: 200, ttlSeconds: 60, prefix });
    // Before its connection is up the store answers every command as a miss, by design.
    expect(await cache.connected()).toBe(true);
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await cache.close();
    await redis.quit();
  });

  test('When more documents are registered than the bound, then the oldest go and the store holds the bound, each with a TTL', async () => {
    const documents = [1, 2, 3, 4, 5].map((i) => `{ a${i} }`);
    for (const document of documents) await cache.set(`apq:${sha(document)}`, document);
    const found = await Promise.all(documents.map((d) => cache.get(`apq:${sha(d)}`)));
    expect(found).toEqual([undefined, undefined, ...documents.slice(2)]);
    expect(await redis.zcard(`${prefix}index`)).toBe(3);
    expect((await redis.keys(`${prefix}apq:*`)).length).toBe(3);
    const ttl = await redis.ttl(`${prefix}apq:${sha(documents[4])}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  test('When a document is longer than the bound, then it is not stored', async () => {
    const long = `{ ${'a '.repeat(150)}}`;
    await cache.set(`apq:${sha(long)}`, long);
    expect(await redis.exists(`${prefix}apq:${sha(long)}`)).toBe(0);
  });

  test('When the store holds another document under a hash, then it is not returned, and the mismatch is counted', async () => {
    const honest = '{ product(sku: "X") { name } }';
    await redis.set(`${prefix}apq:${sha(honest)}`, 'mutation { setProductPrice(sku: "X", amount: "0.01") { sku } }');
    const before = (await persistedQueryStoreRejected.get()).values[0]?.value ?? 0;
    expect(await cache.get(`apq:${sha(honest)}`)).toBeUndefined();
    expect((await persistedQueryStoreRejected.get()).values[0]?.value).toBe(before + 1);
  });
});

suite('a gateway on a tampered shared store', () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph({ customers: 5, gateway: { redisUrl } });
  });
  afterAll(() => graph?.stop());

  test('When someone with write access to Redis swaps the document under a hash, then the gateway does not run it: the client must send the document again', async () => {
    const query = `query Honest${Date.now()} { product(sku: "${STORY.partyLights.sku}") { name } }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const redis = new Redis(redisUrl!);
    try {
      const [key] = await redis.keys(`*apq:${sha256Hash}`).then(async (keys) => (keys.length ? keys : [`apq:apq:${sha256Hash}`]));
      await redis.set(key, `query Swapped { product(sku: "${STORY.partyLights.sku}") { sku } }`, 'EX', 60);
      const response = await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }),
      }).then((r) => r.json() as Promise<any>);
      expect(response.data).toBeUndefined();
      expect(response.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      await redis.del(key);
    } finally {
      await redis.quit();
    }
  });
});

describe('price coherence across replicas', () => {
  let graph: TestGraph;
  let second: RunningGateway;

  beforeAll(async () => {
    graph = await startTestGraph({ customers: 5 });
    const urls = Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url]));
    second = await startGateway(loadGatewayConfig({ ...process.env, ...urls, PORT: '0', REDIS_URL: '' }), createLogger('gateway', { LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await second?.stop();
    await graph?.stop();
  });

  test('When a price changes through one gateway, then the other gateway sells at the new price on its next request', async () => {
    const read = async () => {
      const response = await fetch(second.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ product(sku: "TENT-2P") { STORE: price(channel: STORE) { amount { amount } } WEB: price { amount { amount } } } }` }),
      });
      return ((await response.json()) as any).data.product;
    };
    expect((await read()).STORE.amount.amount).toBe('189.00');
    const change = await graph.query(`mutation { setProductPrice(sku: "TENT-2P", amount: "159.00") { sku } }`, undefined, {
      authorization: `Bearer ${await graph.token('service')}`,
    });
    expect(change.errors).toBeUndefined();
    expect(await read()).toEqual({ STORE: { amount: { amount: '159.00' } }, WEB: { amount: { amount: '159.00' } } });
  });
});
