import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose, readSubgraphSdls } from '../common/composition';
import { projectPath } from '../common/paths';
import { STORY } from '../demo/stories';
import { DEMO_SUBJECTS } from '../gateway/auth/demoTokens';
import { parse, print } from 'graphql';
import { sha256 } from '../gateway/persisted/documentHash';
import { buildManifest } from '../gateway/persisted/manifest';
import { runCheck } from '../tools/schema-check/check';
import { baseFromFile } from '../tools/schema-check/gitBase';
import { exportFromStore, type UsageExport } from '../tools/schema-check/usage/usageExport';
import { sseClient } from './live/support/clients';
import { until } from './live/support/waiting';
import { startTestGraph } from './support/graph';

/**
 * Usage reporting end to end: real traffic through the whole graph (queries with and without client
 * headers, an automatic persisted query sent by hash, an @defer answer, an SSE subscription) is counted
 * into a folder store, written when the gateway stops, exported, and judged by the schema check.
 */

const DAY = 86_400_000;
const PARTNER = { 'apollographql-client-name': 'partner-crm', 'apollographql-client-version': '1.4.0' };
const SHOP = { 'apollographql-client-name': 'shop', 'apollographql-client-version': '2.1.0' };
const PARTNER_QUERY = 'query PartnerCustomers($ids: [ID!]!) { customers(ids: $ids) { id name } }';
// A literal a client wrote into its document: a customer's e-mail address.
const SHOP_QUERY = `query ShopByEmail { customer(email: "${STORY.bob.email}") { name orders { number status } } }`;
const APQ_QUERY = 'query PricedProduct($sku: ID!) { product(sku: $sku) { sku } }';
const DEFERRED = 'query Told($email: String!) { customer(email: $email) { name ... @defer { notifications { topic } } } }';

let usageDir: string;
let tokens: string[] = [];
let usage: UsageExport;
let finishedAt: number;

/** The traffic of these tests through a whole graph whose gateway serves HTTP with `http`; the store is written when it stops. */
async function sendTraffic(http: 'apollo' | 'own', store: string): Promise<void> {
  const graph = await startTestGraph({ gateway: { usageStore: store, http } });
  try {
    const agent = await graph.token('agent');
    tokens.push(agent);
    for (let i = 0; i < 3; i++) {
      const answer = await graph.query(PARTNER_QUERY, { ids: [STORY.alice.id] }, PARTNER);
      expect(answer.data.customers[0].id).toBe(STORY.alice.id);
    }
    expect((await graph.query(SHOP_QUERY, undefined, SHOP)).data.customer.name).toBeDefined();
    // Neither header: the token's role names the client.
    expect((await graph.query(PARTNER_QUERY, { ids: [STORY.bob.id] })).data.customers).toHaveLength(1);
    // Automatic persisted query: registered with its document, then sent as the hash alone.
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(APQ_QUERY) } };
    for (const body of [{ query: APQ_QUERY, extensions: persisted }, { extensions: persisted }]) {
      const response = await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}`, ...SHOP },
        body: JSON.stringify({ ...body, variables: { sku: STORY.partyLights.sku } }),
      });
      expect(((await response.json()) as { data: { product: { sku: string } } }).data.product.sku).toBe(STORY.partyLights.sku);
    }
    // @defer: one operation, two parts.
    const deferred = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}`, accept: 'multipart/mixed;deferSpec=20220824,application/json', ...SHOP },
      body: JSON.stringify({ query: DEFERRED, variables: { email: STORY.erin.email } }),
    });
    expect((await deferred.text()).split('\r\n---').length).toBeGreaterThan(3);
    // A subscription over SSE: counted once when accepted, however many events follow.
    const client = sseClient(graph.gatewayUrl, agent);
    const stream = client.subscribe('subscription Watch($id: ID!) { customerActivity(customerId: $id) { kind } }', { id: STORY.dana.id });
    void stream.next();
    await until(() => graph.gateway.live.openCount === 1, 10_000, 'the subscription is accepted');
    await stream.return?.();
    await client.dispose();
  } finally {
    // A graceful stop writes what the recorder still holds (its timer has not fired yet).
    await graph.stop();
  }
}

beforeAll(async () => {
  usageDir = mkdtempSync(join(tmpdir(), 'usage-store-'));
  await sendTraffic('apollo', usageDir);
  finishedAt = Date.now();
  usage = await exportFromStore(usageDir, 30 * DAY, new Date(finishedAt + 60_000), process.cwd());
});

afterAll(() => rmSync(usageDir, { recursive: true, force: true }));

/** Requests per "operation client version". */
function requestsBy(exported: UsageExport): Record<string, number> {
  const names = new Map(exported.operations.map((o) => [o.id, o.name]));
  const totals: Record<string, number> = {};
  for (const count of exported.counts) {
    const key = `${names.get(count.operation)} ${count.client} ${count.version}`;
    totals[key] = (totals[key] ?? 0) + count.requests;
  }
  return totals;
}

describe('usage reporting through the gateway', () => {
  test('When clients send queries, a persisted query, an @defer query and a subscription, then each is counted once per request under its client', () => {
    expect(requestsBy(usage)).toEqual({
      'PartnerCustomers partner-crm 1.4.0': 3,
      'PartnerCustomers role:agent unknown': 1,
      'ShopByEmail shop 2.1.0': 1,
      'PricedProduct shop 2.1.0': 2,
      'Told shop 2.1.0': 1,
      'Watch role:agent unknown': 1,
    });
    const partner = usage.operations.find((o) => o.name === 'PartnerCustomers')!;
    expect(partner.coordinates).toEqual(expect.arrayContaining(['Query.customers', 'Query.customers.ids', 'Customer.id', 'Customer.name']));
    expect(usage.operations.find((o) => o.name === 'Watch')!.coordinates).toEqual(expect.arrayContaining(['Subscription.customerActivity', 'CustomerActivity.kind']));
  });

  test('When the store is read, then it holds shapes and counts only: no literal, variable value, token or subject', () => {
    const stored = readdirSync(usageDir).map((file) => readFileSync(join(usageDir, file), 'utf8')).join('\n');
    expect(stored).toContain('PartnerCustomers'); // the store was written at all
    const secrets = [STORY.bob.email, STORY.erin.email, STORY.alice.id, STORY.bob.id, STORY.dana.id, STORY.partyLights.sku, DEMO_SUBJECTS.agent, ...tokens];
    for (const secret of secrets) expect({ secret, found: stored.includes(secret) }).toEqual({ secret, found: false });
    expect(usage.operations.find((o) => o.name === 'ShopByEmail')!.signature).toBe('query ShopByEmail{customer(email:""){name orders{number status}}}');
  });

  test("When the gateway's own request path (GATEWAY_HTTP=own) serves the same traffic, then it is counted the same", async () => {
    const store = mkdtempSync(join(tmpdir(), 'usage-own-'));
    try {
      await sendTraffic('own', store);
      expect(requestsBy(await exportFromStore(store, DAY, new Date(Date.now() + 60_000), process.cwd()))).toEqual(requestsBy(usage));
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });

  test('When a gateway runs only trusted documents, then one sent by its manifest hash counts like the same document sent whole, and a refused one not at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'usage-trusted-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(buildManifest(projectPath('schema', 'operations'))));
    const store = join(dir, 'store');
    const graph = await startTestGraph({ gateway: { usageStore: store, trustedDocuments: true, trustedDocumentsManifest: manifest } });
    try {
      const productPrice = readFileSync(projectPath('schema', 'operations', 'till', 'productPrice.graphql'), 'utf8');
      const send = async (body: object) => {
        const response = await fetch(graph.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await graph.token('store')}`, 'apollographql-client-name': 'till', 'apollographql-client-version': '5.0' },
          body: JSON.stringify({ ...body, variables: { sku: STORY.partyLights.sku } }),
        });
        return (await response.json()) as { data?: unknown; errors?: Array<{ extensions: { code: string } }> };
      };
      expect((await send({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(print(parse(productPrice))) } } })).data).toBeDefined();
      expect((await send({ query: productPrice })).data).toBeDefined();
      expect((await send({ query: 'query Sneaky($sku: ID!) { product(sku: $sku) { sku name } }' })).errors?.[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    } finally {
      await graph.stop();
    }
    try {
      const trusted = await exportFromStore(store, DAY, new Date(Date.now() + 60_000), process.cwd());
      expect(requestsBy(trusted)).toEqual({ 'TillProductPrice till 5.0': 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the schema check judged by that traffic', () => {
    let root: string;
    let schemaDir: string;
    beforeAll(() => {
      // The project's schema with Query.customers removed from Orders: only partner-crm (and one agent request) used it.
      root = mkdtempSync(join(tmpdir(), 'usage-check-'));
      schemaDir = join(root, 'schema');
      cpSync(projectPath('schema'), schemaDir, { recursive: true });
      const orders = join(schemaDir, 'orders.graphql');
      const without = readFileSync(orders, 'utf8').replace(/^.*\n\s*customers\(ids: \[ID!\]!\).*\n/m, '');
      expect(without).not.toContain('customers(ids');
      writeFileSync(orders, without);
      writeFileSync(join(schemaDir, 'supergraph.graphql'), compose(readSubgraphSdls(schemaDir)).supergraphSdl!);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    const check = (exported: UsageExport, ignoreClients: string[] = []) => {
      const file = join(root, `usage-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(exported));
      return runCheck({ schemaDir, base: baseFromFile(projectPath('schema', 'supergraph.graphql'), 'schema/supergraph.graphql'), usage: { source: file, ignoreClients, cwd: root } });
    };

    test('When a removed field was used by a client in the window, then the check fails naming the client, its version, requests and last seen', async () => {
      const report = await check(usage);

      expect(report.ok).toBe(false);
      const removal = report.findings.find((f) => f.coordinate === 'Query.customers')!;
      expect(removal).toMatchObject({ severity: 'error', code: 'FIELD_REMOVED' });
      expect(removal.message).toContain('partner-crm 1.4.0 (3 requests, last seen ');
      expect(removal.message).toContain('role:agent unknown (1 request, last seen ');
      expect(removal.message).toContain('PartnerCustomers');
      expect(removal.message).not.toContain('shop 2.1.0');
      expect(report.changes.find((c) => c.path === 'Query.customers')!.clients!.map((c) => [c.client, c.version, c.requests])).toEqual([
        ['partner-crm', '1.4.0', 3],
        ['role:agent', 'unknown', 1],
      ]);
      expect(report.usage).toMatchObject({ requests: 9, clients: 3 });
    });

    test('When the window holds no use of the removed field, then the check passes and says so', async () => {
      const later = await exportFromStore(usageDir, 30 * DAY, new Date(finishedAt + 31 * DAY), process.cwd());
      expect(later.counts).toEqual([]);

      const report = await check(later);

      expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(report.ok).toBe(true);
      const removal = report.findings.find((f) => f.coordinate === 'Query.customers')!;
      expect(removal.severity).toBe('warning');
      expect(removal.message).toContain('No client sent it in');
    });

    test('When the only clients that used it are ignored, then the removal passes', async () => {
      const report = await check(usage, ['partner-crm', 'role:agent']);

      expect(report.ok).toBe(true);
    });
  });
});
