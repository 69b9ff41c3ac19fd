import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pino from 'pino';
import { compose } from '../common/composition';
import { gatewayEnvironment, loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { signDemoToken, DEMO_SUBJECTS } from '../gateway/auth/demoTokens';

/**
 * The gateway on a supergraph that is not this project's: two made-up subgraphs (a catalogue and
 * its reviews) started here, none of the project's own running. It serves their graph, calls them
 * where their supergraph says, sends each only the headers it is configured for, and treats the
 * project's agent tools, which cannot validate here, as a feature that is off.
 */
const dir = mkdtempSync(join(tmpdir(), 'any-supergraph-'));
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const CATALOG = `${LINK}
type Query { books: [Book!]! catalogSaw: String! }
type Book @key(fields: "isbn") { isbn: ID! title: String! }`;
const REVIEWS = `${LINK}
type Query { reviewsSaw: String! }
type Book @key(fields: "isbn") { isbn: ID! reviews: [Review!]! }
type Review { stars: Int! }`;
const BOOKS = [{ isbn: '1', title: 'Dune' }, { isbn: '2', title: 'Emma' }];
const STARS: Record<string, number[]> = { '1': [5, 4], '2': [3] };

type Ctx = { headers: Record<string, string | string[] | undefined> };
/** What a subgraph was sent, as the test needs to see it. */
const saw = (_: unknown, __: unknown, { headers }: Ctx) =>
  JSON.stringify({ authorization: headers.authorization ?? null, tenant: headers['x-tenant'] ?? null, identity: 'x-identity' in headers, requestId: 'x-request-id' in headers });

async function subgraph(sdl: string, resolvers: any) {
  const server = new ApolloServer<Ctx>({ schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers }), plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' }, context: async ({ req }) => ({ headers: req.headers }) });
  return { url, stop: () => server.stop() };
}

let catalog: Awaited<ReturnType<typeof subgraph>>;
let reviews: Awaited<ReturnType<typeof subgraph>>;
const running: RunningGateway[] = [];

function supergraph(names: Array<'catalog' | 'reviews-v2'>): string {
  const all = { catalog: { sdl: CATALOG, url: catalog.url }, 'reviews-v2': { sdl: REVIEWS, url: reviews.url } };
  const result = compose(names.map((name) => ({ name, ...all[name] })));
  if (!result.supergraphSdl) throw new Error(`composition failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

function writeFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function start(yaml: string, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const configFile = writeFile(`config-${running.length}-${Math.random().toString(36).slice(2)}.yaml`, yaml);
  const environment = gatewayEnvironment(['--config', configFile], { ...process.env, PORT: '0', REDIS_URL: '', ...env });
  const config = loadGatewayConfig(environment.env, environment.subgraphs);
  const gateway = await startGateway(config, log);
  running.push(gateway);
  const logged = () => lines.map((line) => JSON.parse(line) as { msg: string; tool?: string; problems?: string[] });
  return { gateway, logged };
}

async function post(gateway: RunningGateway, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: any[] };
}

async function toolNames(gateway: RunningGateway): Promise<string[]> {
  // /mcp answers authenticated callers only (#28).
  const agent = await signDemoToken(gateway.config.auth, 'agent', DEMO_SUBJECTS.agent);
  const response = await fetch(gateway.url.replace(/\/graphql$/, '/mcp'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${agent}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  return ((await response.json()) as any).result.tools.map((tool: { name: string }) => tool.name);
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  catalog = await subgraph(CATALOG, {
    Query: { books: () => BOOKS, catalogSaw: saw },
    Book: { __resolveReference: (ref: { isbn: string }) => BOOKS.find((book) => book.isbn === ref.isbn) },
  });
  reviews = await subgraph(REVIEWS, {
    Query: { reviewsSaw: saw },
    Book: { reviews: (book: { isbn: string }) => (STARS[book.isbn] ?? []).map((stars) => ({ stars })) },
  });
});
afterAll(async () => {
  for (const gateway of running) await gateway.stop();
  await catalog?.stop();
  await reviews?.stop();
});

describe('a foreign supergraph', () => {
  test("When the gateway serves another team's supergraph, then it answers across their subgraphs at the URLs the supergraph names", async () => {
    const path = writeFile('foreign.graphql', supergraph(['catalog', 'reviews-v2']));
    const { gateway, logged } = await start(`supergraph: { path: ${path} }\n`);
    const answer = await post(gateway, '{ books { title reviews { stars } } }');
    expect(answer).toEqual({ data: { books: [{ title: 'Dune', reviews: [{ stars: 5 }, { stars: 4 }] }, { title: 'Emma', reviews: [{ stars: 3 }] }] } });
    // Not one of the project's subgraphs: no health probe, so ready without /health/live.
    const ready = await (await fetch(gateway.url.replace(/\/graphql$/, '/health/ready'))).json();
    expect(ready).toMatchObject({ ready: true, supergraph: 'loaded', subgraphs: {} });
    // The project's agent tools cannot validate here: each is reported and left out, none served.
    expect(await toolNames(gateway)).toEqual([]);
    const reported = logged().filter((line) => line.msg.startsWith('agent tool '));
    expect(reported.map((line) => line.tool)).toEqual(expect.arrayContaining(['find_customer', 'order_status']));
    expect(reported.find((line) => line.tool === 'order_status')?.problems?.join()).toMatch(/Cannot query field "order" on type "Query"/);
  });

  test('When headers and identity are configured per subgraph, then each subgraph gets exactly those; by default a foreign subgraph gets neither', async () => {
    const path = writeFile('headers.graphql', supergraph(['catalog', 'reviews-v2']));
    const yaml = `supergraph: { path: ${path} }\nsubgraphs:\n  catalog: { forwardHeaders: [Authorization], identity: true }\n`;
    const { gateway } = await start(yaml, { REVIEWS_V2_FORWARD_HEADERS: 'x-tenant' });
    const token = await signDemoToken(gateway.config.auth, 'agent', DEMO_SUBJECTS.agent);
    const answer = await post(gateway, '{ catalogSaw reviewsSaw }', { authorization: `Bearer ${token}`, 'x-tenant': 'acme' });
    expect(JSON.parse(answer.data.catalogSaw)).toEqual({ authorization: `Bearer ${token}`, tenant: null, identity: true, requestId: true });
    expect(JSON.parse(answer.data.reviewsSaw)).toEqual({ authorization: null, tenant: 'acme', identity: false, requestId: true });
  });

  test('When a configured URL overrides the supergraph\'s, then the gateway calls it there', async () => {
    const sdl = supergraph(['catalog', 'reviews-v2']).replace(catalog.url, 'http://127.0.0.1:9/graphql'); // nothing listens there
    const path = writeFile('moved.graphql', sdl);
    const { gateway } = await start(`supergraph: { path: ${path} }\nsubgraphs:\n  catalog: { url: "${catalog.url}" }\n`);
    expect((await post(gateway, '{ books { isbn } }')).data).toEqual({ books: [{ isbn: '1' }, { isbn: '2' }] });
  });

  test('When the configuration names a subgraph the supergraph lacks, then the gateway says so and serves', async () => {
    const path = writeFile('typo.graphql', supergraph(['catalog', 'reviews-v2']));
    const { gateway, logged } = await start(`supergraph: { path: ${path} }\nsubgraphs:\n  reveiws-v2: { identity: true }\n`, { INVENTRY_TIMEOUT_MS: '100' });
    const warning = logged().find((line) => line.msg === 'the configuration sets subgraphs the supergraph does not have') as any;
    expect(warning).toMatchObject({ configured: ['REVEIWS_V2', 'INVENTRY'], subgraphs: ['catalog', 'reviews-v2'] });
    expect((await post(gateway, '{ books { isbn } }')).data.books).toHaveLength(2);
  });

  test('When agent tools are required and they do not validate against the supergraph, then the gateway refuses to start naming the tool and why', async () => {
    const path = writeFile('required.graphql', supergraph(['catalog', 'reviews-v2']));
    await expect(start(`supergraph: { path: ${path} }\nagentTools: { mode: required }\n`)).rejects.toThrow(/find_customer\.graphql:\d+: Cannot query field/);
  });

  test('When agent tools are off, then there is no /mcp and bots are refused every document', async () => {
    const path = writeFile('off.graphql', supergraph(['catalog', 'reviews-v2']));
    const { gateway } = await start(`supergraph: { path: ${path} }\nagentTools: { mode: off }\n`);
    const mcp = await fetch(gateway.url.replace(/\/graphql$/, '/mcp'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(mcp.status).toBe(404);
    const bot = await signDemoToken(gateway.config.auth, 'bot', DEMO_SUBJECTS.bot);
    expect((await post(gateway, '{ books { title } }', { authorization: `Bearer ${bot}` })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('a handful of other shapes', () => {
  const SHAPES = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])`;
  const INVENTORY = `${LINK}
type Query { products: [Product!]! }
type Product @key(fields: "upc") { upc: ID! weightGrams: Int! }`;
  const SHIPPING = `${SHAPES}
type Product @key(fields: "upc") { upc: ID! weightGrams: Int! @external shippingCents: Int! @requires(fields: "weightGrams") }`;
  const NOTES = `type Query { notes: [String!]! }\ntype Mutation { addNote(text: String!): [String!]! }`;
  const stopped: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stopped) await stop();
  });

  test('When the supergraph comes from a URL and one subgraph @requires a field of another, then the gateway plans and answers it', async () => {
    const WEIGHTS: Record<string, number> = { a: 500, b: 2500 };
    const inventory = await subgraph(INVENTORY, {
      Query: { products: () => Object.keys(WEIGHTS).map((upc) => ({ upc, weightGrams: WEIGHTS[upc] })) },
      Product: { __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc, weightGrams: WEIGHTS[ref.upc] }) },
    });
    const shipping = await subgraph(SHIPPING, { Product: { shippingCents: (product: { weightGrams: number }) => 100 + Math.ceil(product.weightGrams / 1000) * 50 } });
    stopped.push(inventory.stop, shipping.stop);
    const result = compose([{ name: 'inventory', sdl: INVENTORY, url: inventory.url }, { name: 'shipping', sdl: SHIPPING, url: shipping.url }]);
    const sdl = result.supergraphSdl!;
    const served = createServer((_req, res) => res.end(sdl));
    await new Promise<void>((resolve) => served.listen(0, '127.0.0.1', resolve));
    stopped.push(() => new Promise((resolve) => served.close(() => resolve())));
    const { gateway } = await start(`supergraph: { url: "http://127.0.0.1:${(served.address() as AddressInfo).port}/" }\n`);
    expect((await post(gateway, '{ products { upc shippingCents } }')).data).toEqual({ products: [{ upc: 'a', shippingCents: 150 }, { upc: 'b', shippingCents: 250 }] });
  });

  test('When a one-subgraph supergraph has mutations, then they run through the gateway', async () => {
    const notes: string[] = [];
    const server = await subgraph(NOTES, { Query: { notes: () => notes }, Mutation: { addNote: (_: unknown, { text }: { text: string }) => (notes.push(text), notes) } });
    stopped.push(server.stop);
    const path = writeFile('notes.graphql', compose([{ name: 'notes', sdl: NOTES, url: server.url }]).supergraphSdl!);
    const { gateway } = await start(`supergraph: { path: ${path} }\n`);
    expect((await post(gateway, 'mutation { addNote(text: "hello") }')).data).toEqual({ addNote: ['hello'] });
    expect((await post(gateway, '{ notes }')).data).toEqual({ notes: ['hello'] });
  });

  test('When the supergraph names no URL for a subgraph, then the configured one is used, and without one start-up fails naming the subgraph', async () => {
    const server = await subgraph(NOTES, { Query: { notes: () => ['kept'] }, Mutation: { addNote: () => [] } });
    stopped.push(server.stop);
    const path = writeFile('no-url.graphql', compose([{ name: 'notes', sdl: NOTES, url: '' }]).supergraphSdl!);
    await expect(start(`supergraph: { path: ${path} }\n`)).rejects.toThrow('No URL for subgraph notes: the supergraph names none; set subgraphs.notes.url in the config file (or NOTES_URL)');
    const { gateway } = await start(`supergraph: { path: ${path} }\n`, { NOTES_URL: server.url });
    expect((await post(gateway, '{ notes }')).data).toEqual({ notes: ['kept'] });
  });
});

describe('agent tools across a supergraph reload', () => {
  const TOOLS = mkdtempSync(join(tmpdir(), 'foreign-tools-'));
  beforeAll(() => {
    writeFileSync(join(TOOLS, 'list_books.graphql'), '# Lists the books of the catalogue.\nquery ListBooks { books { isbn title } }\n');
    writeFileSync(join(TOOLS, 'book_reviews.graphql'), '# The books with their reviews.\nquery BookReviews { books { title reviews { stars } } }\n');
  });

  for (const onReload of ['keep', 'drop'] as const) {
    test(`When a tool stops validating after a reload (onReload: ${onReload}), then it is reported, ${onReload === 'keep' ? 'kept as it was' : 'dropped'}, and the graph keeps serving`, async () => {
      const path = writeFile(`reload-${onReload}.graphql`, supergraph(['catalog', 'reviews-v2']));
      const { gateway, logged } = await start(`supergraph: { path: ${path}, pollMs: 100 }\nagentTools: { dir: ${TOOLS}, onReload: ${onReload}, mode: required }\n`);
      expect(await toolNames(gateway)).toEqual(['book_reviews', 'list_books']);

      writeFileSync(path, supergraph(['catalog'])); // the reviews subgraph leaves the graph
      await eventually(() => logged().some((line) => line.tool === 'book_reviews'));
      const report = logged().find((line) => line.tool === 'book_reviews')!;
      expect(report.msg).toBe(`agent tool book_reviews does not validate against the supergraph: ${onReload === 'keep' ? 'kept as it last validated' : 'dropped'}`);
      expect(report.problems?.join()).toMatch(/book_reviews\.graphql:2: Cannot query field "reviews" on type "Book"/);
      expect(await toolNames(gateway)).toEqual(onReload === 'keep' ? ['book_reviews', 'list_books'] : ['list_books']);
      expect((await post(gateway, '{ books { title } }')).data).toEqual({ books: [{ title: 'Dune' }, { title: 'Emma' }] });
    });
  }
});
