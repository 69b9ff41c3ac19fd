import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../common/subgraphs';
import { hostileOperation, pick, schemaOperation, type Draw, type GeneratedOperation } from './documents';
import { sseOperation, wsProtocol, type WsScript } from './liveCases';

/** Where a case is sent: the gateway or one subgraph directly (as an attacker inside the network would). */
export type Target = 'gateway' | SubgraphName;

/** One generated HTTP exchange. `raw` bytes go down a bare socket (requests no HTTP client would write). */
export interface FuzzRequest {
  kind: string;
  target: Target;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  raw?: Buffer;
  /** A WebSocket case: the frames sent after the upgrade (liveCases.ts). */
  ws?: WsScript;
}

/** Credentials a case may carry; filled in by the runner (tokens are signed per graph). */
export interface Credentials {
  agent: string;
  customer: string;
}

function authorization(g: Draw, credentials: Credentials): Record<string, string> {
  switch (g(fc.integer, { min: 0, max: 7 })) {
    case 0: return {};
    case 1: return { authorization: `Bearer ${credentials.customer}` };
    case 2: return { authorization: g(fc.constantFrom, 'Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', `Bearer ${'A'.repeat(9_000)}`, 'Bearer a.b.c', `Bearer ${credentials.agent}x`) };
    case 3: return { authorization: `Bearer ${credentials.customer}`, 'x-request-id': g(fc.string, { maxLength: 200 }).replace(/[^\x20-\x7e]/g, '') };
    default: return { authorization: `Bearer ${credentials.agent}` };
  }
}

const json = { 'content-type': 'application/json' };

function post(kind: string, target: Target, operation: GeneratedOperation | unknown, headers: Record<string, string>): FuzzRequest {
  return { kind, target, method: 'POST', path: '/graphql', headers: { ...json, ...headers }, body: JSON.stringify(operation) };
}

function getWith(kind: string, operation: GeneratedOperation, headers: Record<string, string>): FuzzRequest {
  const params = new URLSearchParams();
  if (typeof operation.query === 'string') params.set('query', operation.query.slice(0, 6_000));
  if (operation.variables !== undefined) params.set('variables', JSON.stringify(operation.variables).slice(0, 2_000));
  if (typeof operation.operationName === 'string') params.set('operationName', operation.operationName);
  // Apollo Server refuses GETs without a preflight header (CSRF protection): sometimes send it.
  return { kind, target: 'gateway', method: 'GET', path: `/graphql?${params}`, headers: { ...headers, 'apollo-require-preflight': 'true' } };
}

function malformedHttp(g: Draw, auth: Record<string, string>): FuzzRequest {
  const target: Target = g(fc.integer, { min: 0, max: 3 }) === 0 ? g(fc.constantFrom, ...SUBGRAPH_NAMES) : 'gateway';
  const base = { kind: 'http', target, path: '/graphql', headers: { ...json, ...auth } };
  switch (g(fc.integer, { min: 0, max: 15 })) {
    case 0: return { ...base, method: 'POST', body: g(fc.string, { unit: 'binary', maxLength: 200 }) };
    case 1: return { ...base, method: 'POST', body: g(fc.constantFrom, '', '{', '[]', '[{}]', 'null', '"q"', '1', '{"query":', '{"query":"{__typename}"}x') };
    case 2: return { ...base, method: 'POST', headers: { ...auth, 'content-type': g(fc.constantFrom, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '', 'application/json; charset=utf-16') }, body: '{"query":"{ __typename }"}' };
    case 3: return { ...base, method: 'POST', headers: { ...base.headers, 'x-huge': 'h'.repeat(g(fc.integer, { min: 1_000, max: 40_000 })) }, body: '{"query":"{ __typename }"}' };
    case 4: return { ...base, method: 'POST', body: JSON.stringify(Array.from({ length: g(fc.integer, { min: 1, max: 50 }) }, () => ({ query: '{ __typename }' }))) };
    case 5: return { ...base, method: 'POST', body: JSON.stringify({ query: 'x'.repeat(g(fc.integer, { min: 900_000, max: 2_000_000 })) }) };
    case 6: return { ...base, method: 'GET', path: `/graphql?query=${encodeURIComponent('mutation { setProductPrice(sku: "TENT-2P", amount: "1.00") { sku } }')}`, headers: { ...auth, 'apollo-require-preflight': 'true' } };
    case 7: return { ...base, method: g(fc.constantFrom, 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE'), body: g(fc.boolean) ? '{"query":"{ __typename }"}' : undefined };
    case 8: return { ...base, method: 'GET', path: g(fc.constantFrom, '/graphql?query=%', '/graphql?variables={', '/graphql?query={__typename}&variables=[1]', '/%2e%2e/graphql', '/graphql/../mcp', '/nope', '//graphql', '/graphql?' + 'a=1&'.repeat(2_000)), headers: { ...auth, 'apollo-require-preflight': 'true' } };
    case 9: return { ...base, method: 'POST', body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: g(fc.constantFrom, 1, 2, '1', null), sha256Hash: g(fc.constantFrom, 'abc', '0'.repeat(64), 42, null) } } }) };
    case 10: return { ...base, method: 'POST', body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: g(fc.string, { maxLength: 64 }) } } }) };
    case 11: return { ...base, method: 'POST', body: JSON.stringify({ query: '{ __typename }', variables: g(fc.jsonValue, { maxDepth: 3 }), extensions: g(fc.jsonValue, { maxDepth: 2 }) }) };
    case 12: {
      // A body shorter than its declared length, then the client goes away.
      const text = '{"query":"{ __typename }"}';
      return { ...base, method: 'POST', raw: Buffer.from(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${text.length + 50}\r\n\r\n${text}`) };
    }
    case 13: return { ...base, method: 'POST', raw: Buffer.from(g(fc.uint8Array, { minLength: 1, maxLength: 400 })) };
    case 14: return { ...base, method: 'POST', raw: Buffer.from(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${g(fc.constantFrom, 'zz\r\n', '5\r\n{"que\r\n0\r\n\r\n', 'ffffffffff\r\nx')}`) };
    default: return { ...base, method: 'POST', body: `{"query":"{ __typename }","variables":${'['.repeat(g(fc.integer, { min: 100, max: 20_000 }))}` };
  }
}

function mcp(g: Draw, auth: Record<string, string>): FuzzRequest {
  const base = { kind: 'mcp', target: 'gateway' as const, path: '/mcp', method: 'POST', headers: { ...json, accept: 'application/json, text/event-stream', ...auth } };
  switch (g(fc.integer, { min: 0, max: 4 })) {
    case 0: return { ...base, body: Buffer.from(g(fc.uint8Array, { maxLength: 300 })) };
    case 1: return { ...base, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: g(fc.constantFrom, 'find_customer', 'order_status', 'cancel_order', 'nope'), arguments: g(fc.jsonValue, { maxDepth: 3 }) } }) };
    case 2: return { ...base, body: JSON.stringify(g(fc.jsonValue, { maxDepth: 4 })) };
    case 3: return { ...base, method: g(fc.constantFrom, 'GET', 'DELETE', 'PUT') };
    default: return { ...base, body: JSON.stringify({ jsonrpc: '2.0', id: g(fc.jsonValue, { maxDepth: 1 }), method: g(fc.constantFrom, 'initialize', 'tools/list', 'ping', 'resources/list', g(fc.string)), params: g(fc.jsonValue, { maxDepth: 2 }) }) };
  }
}

/** The subscription endpoints: graphql-sse's stream and a WebSocket upgrade on /graphql, fed garbage. */
function subscriptionEndpoint(g: Draw, auth: Record<string, string>): FuzzRequest {
  if (g(fc.boolean)) {
    return { kind: 'sse', target: 'gateway', method: 'POST', path: '/graphql/stream', headers: { ...json, accept: 'text/event-stream', ...auth }, body: Buffer.from(g(fc.uint8Array, { maxLength: 300 })) };
  }
  const garbage = Buffer.from(g(fc.uint8Array, { maxLength: 300 }));
  const head = `GET /graphql HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-key: ${g(fc.constantFrom, 'dGhlIHNhbXBsZSBub25jZQ==', 'bad')}\r\nsec-websocket-version: 13\r\nsec-websocket-protocol: ${g(fc.constantFrom, 'graphql-transport-ws', 'graphql-ws', 'x')}\r\n\r\n`;
  return { kind: 'ws', target: 'gateway', method: 'GET', path: '/graphql', headers: {}, raw: Buffer.concat([Buffer.from(head), garbage]) };
}

/** Every kind of case, weighted towards schema-aware documents through the gateway; the live endpoints get theirs (liveCases.ts). */
export function fuzzRequest(schema: GraphQLSchema, credentials: Credentials): fc.Arbitrary<FuzzRequest> {
  return fc.gen().map((g) => {
    const auth = authorization(g, credentials);
    const roll = g(fc.integer, { min: 0, max: 99 });
    if (roll < 45) return post('document', 'gateway', schemaOperation(g, schema), auth);
    if (roll < 50) return getWith('get', schemaOperation(g, schema), auth);
    if (roll < 62) return post('hostile', 'gateway', hostileOperation(g), auth);
    if (roll < 72) return post('subgraph', g(fc.constantFrom, ...SUBGRAPH_NAMES), g(fc.boolean) ? schemaOperation(g, schema) : entities(g), {});
    if (roll < 86) return malformedHttp(g, auth);
    if (roll < 90) return mcp(g, auth);
    if (roll < 92) return subscriptionEndpoint(g, auth);
    if (roll < 96) return sseOperation(g, schema, auth);
    return wsProtocol(g, schema, auth);
  });
}

/** `_entities` with representations of every shape, straight at a subgraph. */
function entities(g: Draw): GeneratedOperation {
  const typename = g(fc.constantFrom, 'Customer', 'Order', 'Product', 'SupportCase', 'Notification', 'Nope', '');
  const shapes = [{ __typename: typename, id: 'CUS-000002' }, { __typename: typename, number: '987654321', sku: 'TENT-2P' }, { __typename: typename }];
  const representation = g(fc.boolean) ? pick(g, shapes) : g(fc.jsonValue, { maxDepth: 2 });
  return { query: `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Customer { id name } ... on Order { number status } } }`, variables: { r: [representation] } };
}
