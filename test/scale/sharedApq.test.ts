import { createHash } from 'node:crypto';
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
