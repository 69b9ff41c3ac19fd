import fc from 'fast-check';
import type { GraphQLSchema } from 'graphql';
import { STORY } from '../../demo/stories';
import { hostileOperation, schemaOperation, type Draw } from './documents';
import type { FuzzRequest } from './requests';

/** What a WebSocket case sends after the upgrade, frame by frame (text, or bytes sent as a binary frame). */
export interface WsScript {
  subprotocol: string;
  frames: Array<string | Buffer>;
}

/** Operations aimed at the live endpoints: schema-aware subscriptions, and the shapes that once broke them. */
function liveOperation(g: Draw, schema: GraphQLSchema): string {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  switch (g(fc.integer, { min: 0, max: 9 })) {
    case 0: case 1: case 2: return JSON.stringify(schemaOperation(g, schema, 'subscription'));
    case 3: return JSON.stringify(schemaOperation(g, schema));
    case 4: return JSON.stringify(hostileOperation(g));
    case 5: return JSON.stringify({ query: `subscription($s: Boolean!) { ${g(fc.constantFrom, '...F } fragment F on Subscription {', '')} orderChanged(number: "${STORY.bob.placedOrder}") @${g(fc.constantFrom, 'skip', 'include')}(if: $s) { kind } }`, variables: { s: g(fc.boolean) } });
    case 6: return `{"query":"subscription { orderChanged(number: \\"${STORY.bob.placedOrder}\\") { kind } }","variables":{"x":${deep(g(fc.integer, { min: 100, max: 200_000 }))}}}`;
    case 7: return JSON.stringify({ query: `subscription { customerActivity(customerId: "${STORY.bob.id}") { ${'kind '.repeat(g(fc.integer, { min: 1_000, max: 5_000 }))}} }` });
    case 8: return JSON.stringify({ query: `subscription { orderChanged(number: "${STORY.bob.placedOrder}") { kind } }`, variables: { pad: 'x'.repeat(g(fc.integer, { min: 900_000, max: 1_200_000 })) } });
    default: return JSON.stringify({ query: g(fc.jsonValue, { maxDepth: 2 }), variables: g(fc.jsonValue, { maxDepth: 3 }), operationName: g(fc.jsonValue, { maxDepth: 1 }) });
  }
}

/** A graphql-sse request: an operation over a distinct-connection stream, read for a moment (see sendLive.ts). */
export function sseOperation(g: Draw, schema: GraphQLSchema, auth: Record<string, string>): FuzzRequest {
  return { kind: 'sse-operation', target: 'gateway', method: 'POST', path: '/graphql/stream', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth }, body: liveOperation(g, schema) };
}

/** graphql-transport-ws spoken badly: malformed frames, oversized ones, bad ids, subscribe before init, init twice, hostile operations. */
export function wsProtocol(g: Draw, schema: GraphQLSchema, auth: Record<string, string>): FuzzRequest {
  const init = JSON.stringify({ type: 'connection_init', payload: auth.authorization ? { authorization: auth.authorization } : g(fc.constantFrom, undefined, {}, { authorization: 'Bearer x.y.z' }) });
  const subscribe = (id: unknown) => `{"id":${JSON.stringify(id)},"type":"subscribe","payload":${liveOperation(g, schema)}}`;
  const frames: Array<string | Buffer> = [];
  switch (g(fc.integer, { min: 0, max: 11 })) {
    case 0: case 1: case 2: frames.push(init, subscribe(String(g(fc.integer, { min: 1, max: 9 })))); break; // an ordinary client
    case 3: frames.push(subscribe('1'), init); break; // subscribe before init
    case 4: frames.push(init, init); break; // init twice
    case 5: frames.push(init, g(fc.string, { unit: 'binary', maxLength: 300 })); break; // not JSON
    case 6: frames.push(init, Buffer.from(g(fc.uint8Array, { maxLength: 300 }))); break; // a binary frame
    case 7: frames.push(init, subscribe(g(fc.constantFrom, null, 5, '', {}, 'x'.repeat(10_000))), subscribe('dup'), subscribe('dup')); break; // bad and repeated ids
    case 8: frames.push(init, JSON.stringify(g(fc.jsonValue, { maxDepth: 3 }))); break; // any JSON
    case 9: frames.push(init, JSON.stringify({ type: g(fc.constantFrom, 'ping', 'pong', 'complete', 'next', 'error', 'connection_ack', 'start', 'nope'), id: g(fc.constantFrom, undefined, '1', 2), payload: g(fc.jsonValue, { maxDepth: 2 }) })); break;
    case 10: frames.push(g(fc.boolean) ? init : JSON.stringify({ type: 'connection_init', payload: 'x'.repeat(1_100_000) }), `{"id":"big","type":"subscribe","payload":{"query":"{ __typename }","variables":{"pad":"${'x'.repeat(1_100_000)}"}}}`); break; // larger than MAX_BODY_BYTES
    default: frames.push(JSON.stringify({ type: 'connection_init', payload: g(fc.jsonValue, { maxDepth: 3 }) }), subscribe('1')); break;
  }
  const subprotocol = g(fc.integer, { min: 0, max: 19 }) === 0 ? g(fc.constantFrom, 'graphql-ws', 'x') : 'graphql-transport-ws';
  return { kind: 'ws-protocol', target: 'gateway', method: 'GET', path: '/graphql', headers: {}, ws: { subprotocol, frames } };
}
