import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import { buildSchema, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { randomBytes } from 'node:crypto';
import { generateIdentityKeyPair } from '../common/identityKeys';
import { createLogger } from '../common/logger';
import { signDemoToken } from '../gateway/auth/demoTokens';
import { STORY } from '../demo/stories';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { measureOperation, type OperationMeasure } from '../gateway/limits/measureOperation';
import { limitError } from '../gateway/limits/operationLimits';
import { operationFiles } from '../gateway/persisted/manifest';
import { startTestGraph, type TestGraph } from './support/graph';

const DEFAULTS = loadGatewayConfig({ ...process.env, DEMO_MODE: 'true' });
const OPERATIONS_DIR = join(__dirname, '..', 'schema', 'operations');

function measure(schema: GraphQLSchema, source: string, variables: Record<string, unknown> = {}): OperationMeasure {
  const document = parse(source);
  return measureOperation(schema, document, getOperationAST(document)!, variables, { defaultListSize: 10 });
}

describe('measuring an operation', () => {
  const schema = buildSchema(`
    type Query { items(first: Int): [Item] byIds(ids: [ID!]!): [Item] all: [Item] page(last: Int = 50): [Item] one: Item }
    type Item { a: Int b: [Item] c: Item }
  `);

  test('When every operation of the catalogue is measured, then each is within the default limits', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: readFileSync(DEFAULTS.supergraphPath, 'utf8') });
    const { schema: supergraph } = await gateway.load();
    try {
      const files = operationFiles(OPERATIONS_DIR);
      expect(files.length).toBeGreaterThan(10);
      for (const file of files) {
        const source = readFileSync(file, 'utf8');
        const measured = measure(supergraph, source);
        expect({ file, error: limitError(measured, DEFAULTS)?.message }).toEqual({ file, error: undefined });
      }
      // The till reprices a basket of at most 100 products.
      const basket = readFileSync(join(OPERATIONS_DIR, 'till', 'basketPrices.graphql'), 'utf8');
      const skus = Array.from({ length: 100 }, (_, i) => `SKU-${i}`);
      expect(limitError(measure(supergraph, basket, { skus }), DEFAULTS)).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });

  test('When a list field names its size (first, a list of ids, a schema default), then the cost is weighted by it', () => {
    expect(measure(schema, '{ items(first: 5) { a } }').cost).toBe(1 + 5 * 1);
    expect(measure(schema, '{ byIds(ids: ["1", "2", "3"]) { a c { a } } }').cost).toBe(1 + 3 * (1 + 2));
    expect(measure(schema, 'query Q($ids: [ID!]!) { byIds(ids: $ids) { a } }', { ids: ['1', '2', '3', '4'] }).cost).toBe(1 + 4);
    expect(measure(schema, 'query Q($n: Int = 7) { items(first: $n) { a } }').cost).toBe(1 + 7);
    expect(measure(schema, '{ page { a } }').cost).toBe(1 + 50);
    expect(measure(schema, '{ all { b { a } } }').cost).toBe(1 + 10 * (1 + 10 * 1));
  });

  test('When fragments are spread, then they count toward depth, aliases, root fields and cost as if inlined', () => {
    const inlined = measure(schema, '{ one { x: a c { c { a } } } all { x: a c { c { a } } } }');
    const spread = measure(
      schema,
      '{ ...Root } fragment Root on Query { one { ...F } all { ...F } } fragment F on Item { x: a c { ... on Item { c { a } } } }',
    );
    expect(spread).toEqual(inlined);
    expect(inlined).toEqual({ depth: 4, aliases: 2, rootFields: 2, cost: 1 + 4 + (1 + 10 * 4) });
  });

  test('When fragments spread each other in a cycle or double forty levels deep, then the walk still ends at once', () => {
    const cycle = measure(schema, '{ one { ...A } } fragment A on Item { c { ...B } } fragment B on Item { c { ...A } }');
    expect(cycle.depth).toBeGreaterThan(1);

    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Item { a }` : `fragment F${i} on Item { c { ...F${i + 1} } x${i}: c { ...F${i + 1} } }`,
    ).join('\n');
    const started = performance.now();
    const doubled = measure(schema, `{ one { ...F0 } } ${fragments}`);
    expect(performance.now() - started).toBeLessThan(200);
    expect(doubled.cost).toBeGreaterThan(2 ** 39);
    expect(doubled.aliases).toBeGreaterThan(2 ** 38);
  });

  test('When a list size comes from a variable, then the walk says which (that measure holds for those variables only)', () => {
    const read = (source: string, variables: Record<string, unknown> = {}) => {
      const names: string[] = [];
      const document = parse(source);
      measureOperation(schema, document, getOperationAST(document)!, variables, { defaultListSize: 10, onVariable: (name) => names.push(name) });
      return names;
    };
    expect(read('query Q($ids: [ID!]!) { byIds(ids: $ids) { a } }', { ids: ['1'] })).toEqual(['ids']);
    expect(read('query Q($n: Int = 7) { items(first: $n) { a } }')).toEqual(['n']);
    expect(read('query Q($ids: [ID!]!) { items(first: 5) { a } byIds(ids: ["1", "2"]) { a } one { a } }', { ids: ['1'] })).toEqual([]);
  });

  test('When an operation introspects the schema, then introspection counts as a root field but not toward depth', () => {
    const measured = measure(schema, '{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } one { a } }');
    expect(measured).toEqual({ depth: 2, aliases: 0, rootFields: 2, cost: 2 });
  });
});

describe('through the gateway', () => {
  let graph: TestGraph;
  let batching: RunningGateway;
  let production: RunningGateway;
  let fakePricing: http.Server;
  let agent: string;
  /** An agent's token for the production gateway, which verifies with its own secret. */
  let productionAgent: string;

  /** Every request any subgraph receives, so a refused request can be shown to have reached none. */
  let subgraphCalls = 0;
  const countCall = () => {
    subgraphCalls += 1;
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    agent = `Bearer ${await graph.token('agent')}`;
    for (const subgraph of Object.values(graph.subgraphs)) subgraph!.httpServer.on('request', countCall);
    fakePricing = await serveFakeSubgraphWithStacktrace();
    batching = await startGateway(gatewayConfig(graph, { MAX_BATCH_SIZE: '2' }), createLogger('gateway', { LOG_LEVEL: 'silent' }));
    production = await startGateway(
      gatewayConfig(graph, {
        // Production never runs in demo mode: secrets of this run only, the operations port a random one.
        NODE_ENV: 'production',
        DEMO_MODE: 'false',
        JWT_SECRET: randomBytes(24).toString('hex'),
        JWT_ISSUER: graph.gateway.config.auth.issuer,
        JWT_AUDIENCE: graph.gateway.config.auth.audience,
        IDENTITY_PRIVATE_KEY: generateIdentityKeyPair().privateJwk,
        OPS_PORT: '0',
        PRICING_URL: `http://127.0.0.1:${(fakePricing.address() as AddressInfo).port}/graphql`,
      }),
      createLogger('gateway', { LOG_LEVEL: 'silent' }),
    );
    productionAgent = `Bearer ${await signDemoToken(production.config.auth, 'agent', 'agent-ada')}`;
  });
  afterAll(async () => {
    await production?.stop();
    await batching?.stop();
    fakePricing?.close();
    await graph?.stop();
  });

  /** POSTs a raw body as an agent; how long it took and how many subgraph requests it caused. */
  async function post(body: string, headers: Record<string, string> = {}, url = graph.gatewayUrl) {
    const before = subgraphCalls;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: url === production?.url ? productionAgent : agent, ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text), ms: performance.now() - started, subgraphCalls: subgraphCalls - before };
  }

  test('When an ordinary operation is sent, then it reaches a subgraph (the count below can see a call)', async () => {
    const { json, subgraphCalls: calls } = await post(JSON.stringify({ query: `{ product(sku: "${STORY.partyLights.sku}") { sku } }` }));
    expect(json.data.product.sku).toBe(STORY.partyLights.sku);
    expect(calls).toBeGreaterThan(0);
  });

  const depthBomb = `{ order(number: "${STORY.alice.order}") { ${'customer { orders { '.repeat(6)}number${' } }'.repeat(6)} } }`;
  const aliasBomb = `{ customer(email: "${STORY.alice.email}") { ${Array.from({ length: 40 }, (_, i) => `a${i}: name`).join(' ')} } }`;
  const rootFieldBomb = `{ ${`product(sku: "${STORY.partyLights.sku}") { sku } `.repeat(11)}}`;
  const costBomb = `query Costly($ids: [ID!]!) { customers(ids: $ids) { orders { lines { quantity } } } }`;
  test.each([
    ['a depth bomb', depthBomb, {}, 'DEPTH_LIMIT_EXCEEDED', 12, 14],
    ['an alias bomb', aliasBomb, {}, 'ALIAS_LIMIT_EXCEEDED', 30, 40],
    ['eleven root fields', rootFieldBomb, {}, 'ROOT_FIELD_LIMIT_EXCEEDED', 10, 11],
    ['200 ids whose lists nest', costBomb, { ids: Array.from({ length: 200 }, (_, i) => `C-${i}`) }, 'COST_LIMIT_EXCEEDED', 20000, 1 + 200 * (1 + 10 * (1 + 10))],
  ])('When a client sends %s, then it gets 400 with a code naming the limit, fast, and no subgraph is called', async (_case, query, variables, code, limit, measured) => {
    const response = await post(JSON.stringify({ query, variables }));
    expect(response.status).toBe(400);
    expect(response.json.errors).toHaveLength(1);
    expect(response.json.errors[0].extensions).toEqual({ code, limit, measured });
    expect(response.subgraphCalls).toBe(0);
    expect(response.ms).toBeLessThan(2000);
  });

  test('When the same document comes again, then it is judged again: refused again, or measured with its new variables', async () => {
    for (let i = 0; i < 2; i++) {
      const refused = await post(JSON.stringify({ query: depthBomb }));
      expect(refused.json.errors[0].extensions.code).toBe('DEPTH_LIMIT_EXCEEDED');
    }
    const few = await post(JSON.stringify({ query: costBomb, variables: { ids: [STORY.alice.id] } }));
    expect(few.status).toBe(200);
    expect(few.json.errors).toBeUndefined();
    const many = await post(JSON.stringify({ query: costBomb, variables: { ids: Array.from({ length: 200 }, (_, i) => `C-${i}`) } }));
    expect(many.json.errors[0].extensions.code).toBe('COST_LIMIT_EXCEEDED');
    const fewAgain = await post(JSON.stringify({ query: costBomb, variables: { ids: [STORY.alice.id] } }));
    expect(fewAgain.json.errors).toBeUndefined();
  });

  test('When a document has more tokens than MAX_TOKENS, then it is refused while parsing', async () => {
    const response = await post(JSON.stringify({ query: `{ ${'__typename '.repeat(DEFAULTS.maxTokens)}}` }));
    expect(response.status).toBe(400);
    expect(response.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.json.errors[0].message).toMatch(/2000 tokens/);
    expect(response.subgraphCalls).toBe(0);
  });

  test('When the body is 10 MB, then the gateway answers 413 PAYLOAD_TOO_LARGE fast and no subgraph is called', async () => {
    const response = await post(JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(10_000_000) } }));
    expect(response.status).toBe(413);
    expect(response.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(response.subgraphCalls).toBe(0);
    expect(response.ms).toBeLessThan(2000);
  });

  test('When a body with no declared length grows past the limit, then the gateway answers 413 PAYLOAD_TOO_LARGE and no subgraph is called', async () => {
    const before = subgraphCalls;
    const { port } = new URL(graph.gatewayUrl);
    const answer = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
      // Chunked, so only the bytes received can tell the gateway the body is too large.
      const request = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: agent } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', reject);
      request.write(`{"query":"{ __typename }","variables":{"padding":"`);
      request.write('x'.repeat(1_100_000));
      request.end('"}}');
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(subgraphCalls - before).toBe(0);
  });

  test.each([
    ['malformed JSON', 400, '{"query": "{ __typename ', {}, 'BAD_REQUEST'],
    ['a JSON string instead of an object', 400, '"{ __typename }"', {}, 'BAD_REQUEST'],
    ['a query that is not a string', 400, '{"query": 5}', {}, 'BAD_REQUEST'],
    ['content-type text/plain', 415, '{"query": "{ __typename }"}', { 'content-type': 'text/plain' }, 'UNSUPPORTED_MEDIA_TYPE'],
    ['content-type application/graphql', 415, '{ __typename }', { 'content-type': 'application/graphql' }, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a form', 415, 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a batch of operations', 400, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]), {}, 'BATCHING_NOT_ALLOWED'],
  ])('When the body is %s, then the gateway answers %s with a code and no subgraph is called', async (_case, status, body, headers, code) => {
    const response = await post(body, headers);
    expect(response.status).toBe(status);
    expect(response.json.errors[0].extensions.code).toBe(code);
    expect(response.subgraphCalls).toBe(0);
    expect(response.ms).toBeLessThan(2000);
  });

  test('When batches are allowed up to MAX_BATCH_SIZE, then a larger batch is refused and a small one answered', async () => {
    const product = { query: `{ product(sku: "${STORY.partyLights.sku}") { sku } }` };
    const tooMany = await post(JSON.stringify([product, product, product]), {}, batching.url);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].extensions.code).toBe('BATCH_TOO_LARGE');
    expect(tooMany.subgraphCalls).toBe(0);

    const allowed = await post(JSON.stringify([product, { ...product, query: '{ __typename }' }]), {}, batching.url);
    expect(allowed.status).toBe(200);
    expect(allowed.json).toEqual([{ data: { product: { sku: STORY.partyLights.sku } } }, { data: { __typename: 'Query' } }]);
  });

  test('When a subscription on POST /graphql makes its root conditional on a variable, then it is 400 GRAPHQL_VALIDATION_FAILED, not a 500', async () => {
    for (const query of [
      'subscription($s: Boolean!) { orderChanged(number: "1") @skip(if: $s) { kind } }',
      'subscription($s: Boolean!) { ...F } fragment F on Subscription { orderChanged(number: "1") @include(if: $s) { kind } }',
    ]) {
      const response = await post(JSON.stringify({ query, variables: { s: false } }));
      expect([response.status, response.json.errors[0].extensions.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
      expect(response.json.errors[0].message).toMatch(/must not use @skip or @include/);
    }
    const asGet = await fetch(`${graph.gatewayUrl}?query=${encodeURIComponent('subscription($s: Boolean!) { orderChanged(number: "1") @skip(if: $s) { kind } }')}`, { headers: { authorization: agent } });
    expect(asGet.status).toBe(400);
  });

  test('When variables nest 200,000 lists deep, then the gateway answers 400 INPUT_DEPTH_LIMIT_EXCEEDED and no subgraph is called', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const response = await post(`{"query":"query($x: [ID!]) { __typename }","variables":{"x":${deep}}}`);
    expect([response.status, response.json.errors[0].extensions.code]).toEqual([400, 'INPUT_DEPTH_LIMIT_EXCEEDED']);
    expect(response.subgraphCalls).toBe(0);
  });

  test('When an input of 900 KB is refused, then the error quotes only its first characters, by a subgraph or by the gateway itself', async () => {
    const huge = 'x'.repeat(900_000);
    const bySubgraph = await post(JSON.stringify({ query: 'query($e: String!) { customer(email: $e) { id } }', variables: { e: huge } }));
    expect(bySubgraph.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bySubgraph.json.errors[0].message).toMatch(/^"x{64}…" \(900000 characters\) is not a valid email address$/);
    const byGateway = await post(JSON.stringify({ query: 'query($b: Boolean!) { __typename @include(if: $b) }', variables: { b: huge } }));
    expect(byGateway.status).toBe(400);
    expect(byGateway.text.length).toBeLessThan(2000);
    expect(byGateway.json.errors[0].message).toMatch(/Boolean cannot represent/);
  });

  test('When a batch holds a depth bomb, then that operation is refused like a single one', async () => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: depthBomb }]), {}, batching.url);
    expect(response.json[0].data).toEqual({ __typename: 'Query' });
    expect(response.json[1].errors[0].extensions.code).toBe('DEPTH_LIMIT_EXCEEDED');
    expect(response.subgraphCalls).toBe(0);
  });

  test('When NODE_ENV=production, then introspection is refused without calling a subgraph', async () => {
    const response = await post(JSON.stringify({ query: '{ __schema { types { name } } }' }), {}, production.url);
    expect(response.status).toBe(400);
    expect(response.json.errors[0].message).toMatch(/introspection/i);
    expect(response.json.data).toBeUndefined();
    expect(response.subgraphCalls).toBe(0);
  });

  test('When NODE_ENV=production and a field is misspelled, then the error suggests no field names (development does)', async () => {
    const query = JSON.stringify({ query: `{ product(sku: "${STORY.partyLights.sku}") { nme } }` });
    const development = await post(query);
    expect(development.json.errors[0].message).toMatch(/Did you mean "name"/);
    const response = await post(query, {}, production.url);
    expect(response.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.json.errors[0].message).toBe('Cannot query field "nme" on type "Product".');
  });

  test('When a subgraph puts a stack trace in an error, then the gateway does not pass it on', async () => {
    const response = await post(JSON.stringify({ query: `{ product(sku: "${STORY.partyLights.sku}") { sku } }` }), {}, production.url);
    expect(response.json.errors[0]).toMatchObject({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'pricing' } });
    expect(response.text).not.toMatch(/stacktrace|resolvers\.js/);
  });

  test('When a gateway or a subgraph refuses a broken document, then no stack trace is in the answer', async () => {
    for (const url of [graph.gatewayUrl, production.url, graph.subgraphs.pricing!.url]) {
      for (const query of ['{ product(', '{ nope }']) {
        const response = await post(JSON.stringify({ query }), {}, url);
        expect(response.json.errors.length).toBeGreaterThan(0);
        expect(response.text).not.toMatch(/stacktrace|\bat .+\.(js|ts):\d+/);
      }
    }
  });
});

function gatewayConfig(graph: TestGraph, env: Record<string, string>) {
  const urls = Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url]));
  return loadGatewayConfig({ ...process.env, ...urls, PORT: '0', ...env });
}

/** A pricing "subgraph" that answers every request with an error carrying its stack trace. */
async function serveFakeSubgraphWithStacktrace(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          data: { product: null },
          errors: [
            {
              message: 'boom',
              path: ['product'],
              extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: boom', '    at price (/srv/pricing/resolvers.js:12:7)'] },
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
