import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { InProcessEventBus } from '../common/events';
import { createLogger } from '../common/logger';
import { launchSubgraph, type LaunchedSubgraph } from '../common/subgraph';
import { STORY } from '../demo/stories';
import { buildDemoWorld } from '../demo/world';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { createPersistedQueryCache } from '../gateway/persisted/apqCache';
import { sha256 } from '../gateway/persisted/documentHash';
import { buildManifest, catalogueOperationNames, loadTrustedDocuments, operationFiles } from '../gateway/persisted/manifest';
import { createService } from '../scripts/services';
import { testDatabase } from './support/database';

const OPERATIONS_DIR = join(__dirname, '..', 'schema', 'operations');
const PRODUCT_PRICE = readFileSync(join(OPERATIONS_DIR, 'till', 'productPrice.graphql'), 'utf8');
const NOT_IN_CATALOGUE = `query Sneaky($sku: ID!) { product(sku: $sku) { sku name } }`;
const variables = { sku: STORY.partyLights.sku };
/** The same operation as a client might format it: on one line, its own comment, no file comment. */
const REFORMATTED = `# scanned at the till\n${PRODUCT_PRICE.split('\n').filter((line) => !line.startsWith('#')).join(' ').replace(/\s+/g, ' ')}`;

describe('the operations manifest', () => {
  test('When the manifest is built, then it maps the sha256 of every normalised catalogue operation to that operation', () => {
    const manifest = buildManifest(OPERATIONS_DIR);
    const files = operationFiles(OPERATIONS_DIR);
    for (const file of files) {
      const normalised = print(parse(readFileSync(file, 'utf8')));
      expect(manifest[sha256(normalised)]).toBe(normalised);
    }
    expect(new Set(Object.values(manifest)).size).toBe(Object.keys(manifest).length);
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(new Set(files.map((f) => print(parse(readFileSync(f, 'utf8'))))).size);
  });

  test('When the operations folder is missing, then the catalogue is empty; when it cannot be read, then the error names it instead of passing for an empty catalogue', () => {
    const dir = mkdtempSync(join(tmpdir(), 'operations-'));
    try {
      expect(catalogueOperationNames(join(dir, 'absent'))).toEqual([]);
      const notAFolder = join(dir, 'file');
      writeFileSync(notAFolder, 'not a folder');
      expect(() => catalogueOperationNames(notAFolder)).toThrow(/Cannot read the operations folder .*file.*ENOTDIR/);
      expect(catalogueOperationNames(OPERATIONS_DIR)).toContain('TillProductPrice');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When npm run operations:manifest runs on a folder, then it writes manifest.json there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'operations-'));
    try {
      cpSync(join(OPERATIONS_DIR, 'till'), join(dir, 'till'), { recursive: true });
      const run = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, '..', 'scripts', 'operationsManifest.ts'), dir], {
        encoding: 'utf8',
      });
      expect(run.stderr).not.toMatch(/operations manifest:/);
      expect(run.status).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(buildManifest(join(OPERATIONS_DIR, 'till')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When a manifest entry does not hash to its document, then the gateway refuses to load it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'operations-'));
    try {
      const path = join(dir, 'manifest.json');
      writeFileSync(path, JSON.stringify({ [sha256(print(parse(PRODUCT_PRICE)))]: print(parse(NOT_IN_CATALOGUE)) }));
      expect(() => loadTrustedDocuments(path)).toThrow(/does not hash to its document/);
      expect(() => loadTrustedDocuments(join(dir, 'missing.json'))).toThrow(/npm run operations:manifest/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('When a catalogue document is sent with other whitespace and comments, then it is trusted; changed, it is not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'operations-'));
    try {
      const path = join(dir, 'manifest.json');
      writeFileSync(path, JSON.stringify(buildManifest(OPERATIONS_DIR)));
      const trusted = loadTrustedDocuments(path);
      expect(REFORMATTED).not.toBe(PRODUCT_PRICE);
      expect(trusted.isTrustedDocument(REFORMATTED)).toBe(true);
      expect(trusted.isTrustedDocument(parse(PRODUCT_PRICE))).toBe(true);
      expect(trusted.isTrustedDocument(PRODUCT_PRICE.replace('sku\n', 'sku\n    name\n'))).toBe(false);
      expect(trusted.isTrustedDocument('{ product(')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the APQ cache', () => {
  test('When the cache holds more than its bound, then the least recently used documents go first', async () => {
    const cache = createPersistedQueryCache(30);
    await cache.set('a', 'x'.repeat(9)); // 10 characters with its key
    await cache.set('b', 'x'.repeat(9));
    await cache.set('c', 'x'.repeat(9));
    expect(await cache.get('a')).toBeDefined(); // a is now the most recently used
    await cache.set('d', 'x'.repeat(9));
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBeDefined();
    expect(await cache.get('d')).toBeDefined();
    await cache.set('huge', 'x'.repeat(100));
    expect(await cache.get('huge')).toBeUndefined();
  });
});

describe('persisted operations through the gateway', () => {
  let pricing: LaunchedSubgraph;
  let database: ReturnType<typeof testDatabase>;
  let apq: RunningGateway;
  let trusted: RunningGateway;
  let manifestDir: string;
  let pricingCalls = 0;

  beforeAll(async () => {
    database = testDatabase('pricing');
    pricing = await launchSubgraph(createService('pricing', { ordersUrl: '' }), {
      port: 0,
      database,
      bus: new InProcessEventBus(),
      world: buildDemoWorld({ customers: 5 }),
      log: createLogger('pricing', { LOG_LEVEL: 'silent' }),
    });
    pricing.httpServer.on('request', () => {
      pricingCalls += 1;
    });
    manifestDir = mkdtempSync(join(tmpdir(), 'operations-'));
    writeFileSync(join(manifestDir, 'manifest.json'), JSON.stringify(buildManifest(OPERATIONS_DIR)));
    apq = await startGateway(gatewayConfig({}), createLogger('gateway', { LOG_LEVEL: 'silent' }));
    trusted = await startGateway(
      gatewayConfig({ TRUSTED_DOCUMENTS: 'true', TRUSTED_DOCUMENTS_MANIFEST: join(manifestDir, 'manifest.json') }),
      createLogger('gateway', { LOG_LEVEL: 'silent' }),
    );
  });
  afterAll(async () => {
    await trusted?.stop();
    await apq?.stop();
    await pricing?.stop();
    await database?.cleanup();
    if (manifestDir) rmSync(manifestDir, { recursive: true, force: true });
  });

  /** Pricing answers everything these operations ask; the other subgraphs are never needed. */
  function gatewayConfig(env: Record<string, string>) {
    return loadGatewayConfig({ ...process.env, PRICING_URL: pricing.url, PORT: '0', ...env });
  }

  async function send(url: string, body: Record<string, unknown>) {
    const before = pricingCalls;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json()) as any, pricingCalls: pricingCalls - before };
  }
  const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

  test('When a client sends an unknown hash, then registers it with its document, then the hash alone runs the operation', async () => {
    const query = `query ApqProbe($sku: ID!) { product(sku: $sku) { sku } }`;
    const hash = sha256(query);
    const unknown = await send(apq.url, { extensions: persisted(hash), variables });
    expect(unknown.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.pricingCalls).toBe(0);

    const registered = await send(apq.url, { query, extensions: persisted(hash), variables });
    expect(registered.json).toEqual({ data: { product: { sku: STORY.partyLights.sku } } });

    const byHash = await send(apq.url, { extensions: persisted(hash), variables });
    expect(byHash.json).toEqual({ data: { product: { sku: STORY.partyLights.sku } } });
    expect(byHash.pricingCalls).toBe(1);
  });

  test('When the hash does not match the document sent with it, then 400 and no subgraph is called', async () => {
    const response = await send(apq.url, { query: NOT_IN_CATALOGUE, extensions: persisted(sha256('{ __typename }')), variables });
    expect(response.status).toBe(400);
    expect(response.json.errors[0].message).toMatch(/does not match/);
    expect(response.pricingCalls).toBe(0);
  });

  test('When trusted documents are on and a client sends a manifest hash alone, then the operation runs', async () => {
    const response = await send(trusted.url, { extensions: persisted(sha256(print(parse(PRODUCT_PRICE)))), variables });
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.product).toMatchObject({ sku: STORY.partyLights.sku, price: { amount: { amount: STORY.partyLights.mailerPrice } } });
    expect(response.pricingCalls).toBe(1);
  });

  test('When trusted documents are on and a client sends a catalogue document in its own formatting, then it runs', async () => {
    const response = await send(trusted.url, { query: REFORMATTED, variables });
    expect(response.json.errors).toBeUndefined();
    expect(response.json.data.product.sku).toBe(STORY.partyLights.sku);
  });

  test('When trusted documents are on and a client sends any other operation, then PERSISTED_QUERY_NOT_IN_LIST and no subgraph is called', async () => {
    const response = await send(trusted.url, { query: NOT_IN_CATALOGUE, variables });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } })]);
    expect(response.json.data).toBeUndefined();
    expect(response.pricingCalls).toBe(0);
  });

  test('When trusted documents are on, then an APQ registration of another operation is refused and its hash stays unknown', async () => {
    const hash = sha256(NOT_IN_CATALOGUE);
    const register = await send(trusted.url, { query: NOT_IN_CATALOGUE, extensions: persisted(hash), variables });
    expect(register.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const byHash = await send(trusted.url, { extensions: persisted(hash), variables });
    expect(byHash.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(register.pricingCalls + byHash.pricingCalls).toBe(0);
  });

  test('When TRUSTED_DOCUMENTS=true and the manifest is missing, then the gateway does not start', async () => {
    await expect(startGateway(gatewayConfig({ TRUSTED_DOCUMENTS: 'true', TRUSTED_DOCUMENTS_MANIFEST: join(manifestDir, 'nope.json') }))).rejects.toThrow(
      /npm run operations:manifest/,
    );
  });
});
