import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { compose, readSubgraphSdls } from '../../../common/composition';
import { operationCoordinates } from '../../../gateway/usage/coordinates';
import { FolderUsageStore } from '../../../gateway/usage/folderStore';
import { operationSignature, signatureId } from '../../../gateway/usage/signature';
import type { OperationShape } from '../../../gateway/usage/usageData';
import { readBaseSchema } from '../diff';
import { main, type Io } from '../cli';
import { BASE_DIR, fixtureSchema } from './support/fixtureSchema';

/** --usage on the check, and the usage export and report commands, on stores filled as the gateway fills them. */

const BASE_SUPERGRAPH = join(BASE_DIR, 'supergraph.graphql');
const baseApi = readBaseSchema(readFileSync(BASE_SUPERGRAPH, 'utf8')).api;

/** An operation's shape as the gateway's recorder makes it. */
function shapeOf(query: string, schema = baseApi): OperationShape {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const signature = operationSignature(document, operation);
  return { id: signatureId(signature), name: operation.name?.value ?? '', type: operation.operation, signature, coordinates: operationCoordinates(schema, document, operation) };
}

const PARTNER = shapeOf('query PartnerCustomers($ids: [ID!]!) { customers(ids: $ids) { id name } }');
const ORDERS = shapeOf('query ShopOrder($id: ID!) { customer(id: $id) { orders { number status } } }');

let root: string;
let storeDir: string;
const now = new Date();
const minutesAgo = (minutes: number) => new Date(Math.floor(now.getTime() / 60_000) * 60_000 - minutes * 60_000).toISOString();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'usage-cli-'));
  storeDir = join(root, 'store');
  await new FolderUsageStore(storeDir).write({
    operations: [PARTNER, ORDERS],
    counts: [
      { bucket: minutesAgo(90), operation: PARTNER.id, client: 'partner-crm', version: '1.4.0', count: 2 },
      { bucket: minutesAgo(30), operation: PARTNER.id, client: 'partner-crm', version: '1.4.0', count: 1 },
      { bucket: minutesAgo(30), operation: ORDERS.id, client: 'shop', version: '2.1.0', count: 40 },
      { bucket: minutesAgo(60 * 24 * 40), operation: ORDERS.id, client: 'shop', version: '1.0.0', count: 5 },
    ],
  });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function captureIo(env: NodeJS.ProcessEnv = {}): Io & { out: string; err: string } {
  const io = { out: '', err: '', env, cwd: root, stdout: (text: string) => void (io.out += text), stderr: (text: string) => void (io.err += text) };
  return io;
}

/** Exports the store to <root>/usage.json; returns the name the check is given (relative to its cwd). */
async function exported(): Promise<string> {
  const io = captureIo({ USAGE_STORE: storeDir });
  expect(await main(['usage', 'export', '--window', '30d', '--out', 'usage.json'], io)).toBe(0);
  return 'usage.json';
}

describe('schema-check usage export', () => {
  test('When the store (USAGE_STORE) is exported for 30 days, then the file holds the window per day, client and operation, and nothing older', async () => {
    const usage = JSON.parse(readFileSync(join(root, await exported()), 'utf8'));

    expect(usage.format).toBe('customer-graph-usage/1');
    const requests = usage.counts.reduce((sum: number, c: { requests: number }) => sum + c.requests, 0);
    expect(requests).toBe(43); // shop 1.0.0's 5 requests 40 days ago are outside the window
    expect(usage.operations.map((o: OperationShape) => o.name).sort()).toEqual(['PartnerCustomers', 'ShopOrder']);
  });
});

describe('schema-check check --usage', () => {
  test('When a removed field was sent by one client in the window, then the check exits 1 naming the client, version, requests and last seen', async () => {
    const file = await exported();
    const schema = fixtureSchema('unused-field-removed');
    try {
      const io = captureIo();
      const code = await main(['check', '--schema-dir', schema.schemaDir, '--base-file', BASE_SUPERGRAPH, '--usage', file], io);

      expect(io.err).toBe('');
      expect(code).toBe(1);
      expect(io.out).toContain('Usage: 43 requests from 2 client versions in usage.json');
      expect(io.out).toMatch(/Sent in usage\.json, .* by partner-crm 1\.4\.0 \(3 requests, last seen \d{4}-\d\d-\d\d \d\d:\d\d UTC; PartnerCustomers\)\./);
      expect(io.out).toContain('[clients: partner-crm 1.4.0 ×3]');
    } finally {
      schema.cleanup();
    }
  });

  test('When the client used it fewer times than --min-requests, or is ignored, then the removal may go', async () => {
    const file = await exported();
    const schema = fixtureSchema('unused-field-removed');
    try {
      for (const flags of [['--min-requests', '4'], ['--ignore-client', 'partner-crm']]) {
        const io = captureIo();
        expect(await main(['check', '--schema-dir', schema.schemaDir, '--base-file', BASE_SUPERGRAPH, '--usage', file, ...flags], io)).toBe(0);
        expect(io.out).toContain("Field 'customers' was removed from object type 'Query' (breaking); no catalogued operation uses it. No client sent it in usage.json");
      }
    } finally {
      schema.cleanup();
    }
  });

  test('When a dangerous change touches what clients read (a new value of an enum they receive), then its warning names them', async () => {
    const file = await exported();
    const schema = fixtureSchema();
    try {
      const orders = join(schema.schemaDir, 'orders.graphql');
      writeFileSync(orders, readFileSync(orders, 'utf8').replace(/enum OrderStatus \{/, 'enum OrderStatus {\n  "Waiting for the warehouse."\n  ON_HOLD'));
      writeFileSync(join(schema.schemaDir, 'supergraph.graphql'), compose(readSubgraphSdls(schema.schemaDir)).supergraphSdl!);
      const io = captureIo();

      expect(await main(['check', '--schema-dir', schema.schemaDir, '--base-file', BASE_SUPERGRAPH, '--usage', file, '--format', 'json'], io)).toBe(0);
      const added = JSON.parse(io.out).changes.find((c: { path: string }) => c.path === 'OrderStatus.ON_HOLD');
      expect(added.level).toBe('dangerous');
      expect(added.clients.map((c: { client: string; version: string; requests: number }) => [c.client, c.version, c.requests])).toEqual([['shop', '2.1.0', 40]]);
    } finally {
      schema.cleanup();
    }
  });

  test('When --usage names nothing readable, then the check exits 2 saying so', async () => {
    const io = captureIo();
    writeFileSync(join(root, 'not-usage.json'), '{"hello": 1}');
    expect(await main(['check', '--base-file', BASE_SUPERGRAPH, '--usage', 'missing.json'], io)).toBe(2);
    expect(await main(['check', '--base-file', BASE_SUPERGRAPH, '--usage', 'not-usage.json'], io)).toBe(2);
    expect(await main(['check', '--base-file', BASE_SUPERGRAPH, '--usage', storeDir, '--window', 'soon'], io)).toBe(2);
    expect(io.err).toContain('--usage missing.json: no such file or folder');
    expect(io.err).toContain('--usage not-usage.json: not a usage export');
    expect(io.err).toContain('--window must look like 30d, 12h or 90m, not "soon"');
  });
});

describe('schema-check usage report', () => {
  test('When clients still send a deprecated field, then the report lists them with the reason and removal date, beside the most and least used fields', async () => {
    const sdl = `
      type Query { customers(ids: [ID!]!): [Customer]! @deprecated(reason: "Use customer(id:) per id. Removal after 2027-03-01.") customer(id: ID): Customer }
      type Customer { id: ID! name: String fax: String orders: [Order!]! }
      type Order { number: ID! status: String }`;
    const schemaDir = join(root, 'report-schema');
    mkdirSync(schemaDir, { recursive: true });
    writeFileSync(join(schemaDir, 'supergraph.graphql'), sdl);
    // The store's shapes, as the gateway would have computed them against this schema.
    const store = join(root, 'report-store');
    const partner = shapeOf('query PartnerCustomers($ids: [ID!]!) { customers(ids: $ids) { id name } }', buildSchema(sdl));
    await new FolderUsageStore(store).write({ operations: [partner], counts: [{ bucket: minutesAgo(5), operation: partner.id, client: 'partner-crm', version: '1.4.0', count: 3 }] });
    const io = captureIo({ USAGE_STORE: store });

    expect(await main(['usage', 'report', '--schema-dir', schemaDir, '--limit', '3'], io)).toBe(0);

    expect(io.out).toContain('  partner-crm 1.4.0  3 requests, last seen');
    expect(io.out).toContain('Query.customers: deprecated: Use customer(id:) per id. Removal after 2027-03-01. (removal 2027-03-01)');
    expect(io.out).toMatch(/ {4}partner-crm 1\.4\.0 \(3 requests, last seen .* UTC; PartnerCustomers\)/);
    expect(io.out).toContain(['Most used fields', '         3  Customer.id', '         3  Customer.name', '         3  Query.customers', ''].join('\n'));
    expect(io.out).toContain(['Least used fields', '         0  Customer.fax', '         0  Customer.orders', '         0  Order.number', ''].join('\n'));
  });
});
