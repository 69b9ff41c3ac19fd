import pino from 'pino';
import { gatewayEnvironment, loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { sha256 } from '../gateway/persisted/documentHash';

/**
 * The gateway's own request path (GATEWAY_HTTP=own) answers clients as Apollo Server did: the same
 * status, content type, caching header and body, byte for byte, for each kind of request below
 * (good, malformed, refused). Both gateways run the engine on the project's supergraph; the
 * requests need no subgraph, so none is started.
 */
const running: RunningGateway[] = [];
let own: RunningGateway;
let apollo: RunningGateway;

async function start(env: Record<string, string>): Promise<RunningGateway> {
  const { env: environment, subgraphs } = gatewayEnvironment([], { ...process.env, PORT: '0', REDIS_URL: '', DEMO_MODE: 'true', INTROSPECTION: 'false', ...env });
  const gateway = await startGateway(loadGatewayConfig(environment, subgraphs), pino({ level: 'silent' }));
  running.push(gateway);
  return gateway;
}

beforeAll(async () => {
  own = await start({ GATEWAY_HTTP: 'own' });
  apollo = await start({ GATEWAY_HTTP: 'apollo' });
});
afterAll(async () => {
  for (const gateway of running) await gateway.stop();
});

interface Sent {
  method?: string;
  search?: string;
  headers?: Record<string, string>;
  body?: string;
}

async function send(gateway: RunningGateway, { method = 'POST', search = '', headers = {}, body }: Sent) {
  const response = await fetch(gateway.url + search, {
    method,
    headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), 'x-request-id': 'same-for-both', ...headers },
    body,
  });
  const seen = (name: string) => response.headers.get(name);
  return { status: response.status, type: seen('content-type'), cache: seen('cache-control'), allow: seen('allow'), requestId: seen('x-request-id'), body: await response.text() };
}

const json = (value: unknown) => JSON.stringify(value);
const TYPENAME = '{ __typename }';
const APQ_MISS = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ __typename __typename }') } } };

const cases: Array<[string, Sent]> = [
  ['a query', { body: json({ query: TYPENAME }) }],
  ['a named operation among several', { body: json({ query: 'query A { __typename } query B { __typename }', operationName: 'B' }) }],
  ['a GET query with a preflight header', { method: 'GET', search: `?query=${encodeURIComponent(TYPENAME)}`, headers: { 'apollo-require-preflight': 'true' } }],
  ['a GET without a preflight header (CSRF)', { method: 'GET', search: `?query=${encodeURIComponent(TYPENAME)}` }],
  ['a GET mutation', { method: 'GET', search: `?query=${encodeURIComponent('mutation { __typename }')}`, headers: { 'apollo-require-preflight': 'true' } }],
  ['a GET with a repeated parameter', { method: 'GET', search: `?query=a&query=b`, headers: { 'apollo-require-preflight': 'true' } }],
  ['a PUT', { method: 'PUT', body: json({ query: TYPENAME }) }],
  ['a syntax error', { body: json({ query: '{ __typename' }) }],
  ['an unknown field', { body: json({ query: '{ customerz { id } }' }) }],
  ['introspection when it is off', { body: json({ query: '{ __schema { queryType { name } } }' }) }],
  ['an unknown operation name', { body: json({ query: TYPENAME, operationName: 'Nope' }) }],
  ['two operations and no name', { body: json({ query: 'query A { __typename } query B { __typename }' }) }],
  ['a variable of the wrong type', { body: json({ query: 'query ($n: Int!) { __typename }', variables: { n: 'x' } }) }],
  ['a missing required variable', { body: json({ query: 'query ($n: Int!) { __typename }' }) }],
  ['no query', { body: json({ operationName: 'A' }) }],
  ['variables as a string', { body: json({ query: TYPENAME, variables: '{}' }) }],
  ['an APQ hash the gateway does not know', { body: json(APQ_MISS) }],
  ['an APQ hash that does not match its document', { body: json({ query: TYPENAME, ...APQ_MISS }) }],
  ['an APQ of an unknown version', { body: json({ extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } }) }],
  ['a client that accepts graphql-response+json', { body: json({ query: TYPENAME }), headers: { accept: 'application/graphql-response+json' } }],
  ['a client that accepts no JSON', { body: json({ query: TYPENAME }), headers: { accept: 'text/html' } }],
  ['a subscription over a plain POST', { body: json({ query: 'subscription { __typename }' }) }],
  ['a batch when batching is off', { body: json([{ query: TYPENAME }]) }],
  ['an invalid token', { body: json({ query: TYPENAME }), headers: { authorization: 'Bearer not-a-token' } }],
];

test.each(cases)('When a client sends %s, then the own request path answers as Apollo Server did', async (_name, sent) => {
  const [ours, theirs] = [await send(own, sent), await send(apollo, sent)];
  expect(ours).toEqual({ ...theirs, requestId: 'same-for-both' });
});

test('When the own request path is on, then it is the one answering (not Apollo Server)', () => {
  expect(own.http).toBe('own');
  expect(apollo.http).toBe('apollo');
});

describe.each([
  ['the own request path', () => own],
  ['Apollo Server', () => apollo],
])('hostile input on %s', (_path, gateway) => {
  const codes = (body: string) => (JSON.parse(body) as { errors: Array<{ extensions: { code: string } }> }).errors.map((e) => e.extensions.code);

  test('When a subscription makes its root conditional on a variable, then 400 GRAPHQL_VALIDATION_FAILED (graphql-js 16 threw: a 500)', async () => {
    const answer = await send(gateway(), { body: json({ query: 'subscription($s: Boolean!) { ...F } fragment F on Subscription { orderChanged(number: "1") @skip(if: $s) { kind } }', variables: { s: true } }) });
    expect([answer.status, codes(answer.body)]).toEqual([400, ['GRAPHQL_VALIDATION_FAILED']]);
  });

  test('When variables nest 200,000 lists deep, then 400 INPUT_DEPTH_LIMIT_EXCEEDED', async () => {
    const answer = await send(gateway(), { body: `{"query":"query($x: [ID!]) { __typename }","variables":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}` });
    expect([answer.status, codes(answer.body)]).toEqual([400, ['INPUT_DEPTH_LIMIT_EXCEEDED']]);
    expect(answer.requestId).toBe('same-for-both');
  });

  test('When a variable of 900 KB has the wrong type, then the error quotes only its first characters', async () => {
    const answer = await send(gateway(), { body: json({ query: 'query($b: Boolean!) { __typename @include(if: $b) }', variables: { b: 'x'.repeat(900_000) } }) });
    expect(answer.status).toBe(400);
    expect(answer.body.length).toBeLessThan(2_000);
  });
});

