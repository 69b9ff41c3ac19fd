import { STORY } from '../../demo/stories';
import { startFuzzGraph, type FuzzGraph } from '../fuzz/fuzzGraph';
import { runFuzz } from '../fuzz/runFuzz';

/**
 * The short form of `npm run hold -- fuzz` (fixed seed; 250 cases: every kind of case at least 11
 * times, 52 refused mutations checked), and the faults earlier fuzz runs found, each pinned.
 */
let target: FuzzGraph;
beforeAll(async () => {
  target = await startFuzzGraph();
});
afterAll(() => target?.graph.stop());

const FIXED_SEED = 20261129;

test('When 250 generated cases (documents, HTTP, MCP, operations over SSE, the WebSocket protocol) hit the graph, then each gets a coded answer below 500, refused mutations write nothing, and nothing is left unhandled', async () => {
  const report = await runFuzz(target, { cases: 250, seed: FIXED_SEED, schema: target.schema, credentials: target.credentials, stopAtFirst: true });
  expect(report.failures).toEqual([]);
  expect(report.byKind['sse-operation']).toBeGreaterThanOrEqual(10);
  expect(report.byKind['ws-protocol']).toBeGreaterThanOrEqual(10);
  expect(report.unhandled).toEqual([]);
  expect(report.cases).toBe(250);
  expect(report.mutationsChecked).toBeGreaterThan(10);
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  return { status: response.status, codes: (json.errors ?? []).map((e) => e.extensions?.code), json };
}

const agent = () => ({ authorization: `Bearer ${target.credentials.agent}` });

describe('the gateway answers operations it cannot run as the client\'s mistake', () => {
  test('When the operation name names none of the document\'s operations, then 400 OPERATION_RESOLUTION_FAILURE (was a 500)', async () => {
    const answer = await post(target.graph.gatewayUrl, { query: 'query A { __typename }', operationName: 'Other' }, agent());
    expect([answer.status, answer.codes]).toEqual([400, ['OPERATION_RESOLUTION_FAILURE']]);
  });

  test('When a document holds two operations and no name says which, then 400 OPERATION_RESOLUTION_FAILURE', async () => {
    const answer = await post(target.graph.gatewayUrl, { query: 'query A { __typename } query B { __typename }' }, agent());
    expect([answer.status, answer.codes]).toEqual([400, ['OPERATION_RESOLUTION_FAILURE']]);
  });

  test('When an operation type has no root in the graph it is sent to, then 400 GRAPHQL_VALIDATION_FAILED (a subscription over POST was a 500)', async () => {
    // The supergraph now has all three roots; Pricing has no subscriptions.
    const answer = await post(target.graph.subgraphs.pricing!.url, { query: 'subscription { __typename }' });
    expect([answer.status, answer.codes]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
  });

  test('When a subscription is sent as a plain POST, then 400 BAD_REQUEST naming the stream endpoints (was a 500)', async () => {
    const answer = await post(target.graph.gatewayUrl, { query: `subscription { customerActivity(customerId: "${STORY.bob.id}") { __typename } }` }, agent());
    expect([answer.status, answer.codes]).toEqual([400, [target.schema.getSubscriptionType() ? 'BAD_REQUEST' : 'GRAPHQL_VALIDATION_FAILED']]);
  });

  test('When a persisted query has an unsupported version or a hash that does not match, then 400 BAD_REQUEST (was INTERNAL_SERVER_ERROR)', async () => {
    const version = await post(target.graph.gatewayUrl, { query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: '0'.repeat(64) } } }, agent());
    const mismatch = await post(target.graph.gatewayUrl, { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }, agent());
    const onSubgraph = await post(target.graph.subgraphs.pricing!.url, { query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } });
    for (const answer of [version, mismatch, onSubgraph]) expect([answer.status, answer.codes]).toEqual([400, ['BAD_REQUEST']]);
  });
});

test('When a subgraph without mutations is sent a mutation directly, then 400 GRAPHQL_VALIDATION_FAILED (was INTERNAL_SERVER_ERROR)', async () => {
  const answer = await post(target.graph.subgraphs.notifications!.url, { query: 'mutation { __typename }' });
  expect([answer.status, answer.codes]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
});

test('When an argument holds the NUL character, then BAD_USER_INPUT, on reads and on mutations (PostgreSQL text cannot store it; was INTERNAL_SERVER_ERROR)', async () => {
  const read = await post(target.graph.gatewayUrl, { query: 'query($id: ID!) { notification(id: $id) { id } }', variables: { id: 'NTF-\u0000' } }, agent());
  expect(read.codes).toEqual(['BAD_USER_INPUT']);
  const write = await post(target.graph.gatewayUrl, {
    query: 'mutation($n: ID!) { cancelOrder(number: $n, reason: CUSTOMER_REQUEST) { status } }',
    variables: { n: `${STORY.bob.placedOrder}\u0000` },
  }, agent());
  expect(write.codes).toEqual(['BAD_USER_INPUT']);
});

test('When the subscription stream endpoint is sent a body that is not JSON, then a 4xx whose errors carry a code (graphql-sse left it out)', async () => {
  const response = await fetch(`${new URL(target.graph.gatewayUrl).origin}/graphql/stream`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...agent() }, body: '{"query":',
  });
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const body = (await response.json()) as { errors: Array<{ extensions?: { code?: string } }> };
  expect(body.errors.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
});

describe('a subgraph refuses representations no gateway would send', () => {
  const entities = 'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Order { number } } }';
  test.each([
    ['a type that is no entity of this subgraph', { __typename: 'SupportCase', number: STORY.chris.case }],
    ['an unknown type', { __typename: 'Nope', id: 'x' }],
    ['no type at all', { number: STORY.bob.deliveredOrder }],
    ['an entity without its key', { __typename: 'Order', id: STORY.bob.id }],
  ])('When _entities is asked for %s, then BAD_USER_INPUT naming the representation (was INTERNAL_SERVER_ERROR)', async (_case, representation) => {
    const answer = await post(target.graph.subgraphs.orders!.url, { query: entities, variables: { r: [{ __typename: 'Order', number: STORY.bob.deliveredOrder }, representation] } });
    expect(answer.codes).toEqual(['BAD_USER_INPUT']);
    expect(answer.json.errors![0].message).toMatch(/^Representation 1: /);
  });

  test('When _entities gets a well-formed representation, then it still resolves', async () => {
    const answer = await post(target.graph.subgraphs.pricing!.url, { query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { sku } } }', variables: { r: [{ __typename: 'Product', sku: STORY.dana.sku }] } });
    expect(answer.json).toEqual({ data: { _entities: [{ sku: STORY.dana.sku }] } });
  });
});
