import type { IncomingMessage } from 'node:http';
import { decodeJwt } from 'jose';
import { generateIdentityKeyPair, privateKeyFrom } from '../../common/identityKeys';
import { createGatewayContext } from '../auth/identityContext';
import { cachedIdentitySigner } from '../auth/identitySigner';
import type { CacheHint } from '../engine/request';
import { HttpSubgraphClient, type SubgraphFetch } from '../subgraphClient';
import type { SubgraphFetcher, SubgraphRequestInit, SubgraphResponse } from '../subgraphFetcher';

/**
 * How the gateway calls one subgraph (gateway/subgraphClient.ts), with the HTTP exchange replaced by
 * a recording fetcher: what is sent, how failures become one coded error naming the subgraph, which
 * calls are retried, and what metrics and cache hints are told.
 */
const sign = cachedIdentitySigner(privateKeyFrom(generateIdentityKeyPair().privateJwk, 'IDENTITY_PRIVATE_KEY'));
const caller = () =>
  createGatewayContext({ headers: { 'x-tenant': 't1', authorization: 'Bearer x' } } as unknown as IncomingMessage, 'req-9', async () => ({ role: 'agent', subject: 'ada' }), sign);

function response(status: number, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): SubgraphResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    url: 'http://orders/graphql',
    headers: { get: (name) => headers[name.toLowerCase()] ?? null },
    text: async () => text,
    json: async () => JSON.parse(text),
  };
}

function recording(...answers: Array<SubgraphResponse | Error>) {
  const sent: Array<{ url: string; init: SubgraphRequestInit }> = [];
  const fetcher: SubgraphFetcher = async (url, init) => {
    sent.push({ url, init });
    const answer = answers.shift() ?? new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { sent, fetcher };
}

function client(fetcher: SubgraphFetcher, fetches: SubgraphFetch[] = []) {
  return new HttpSubgraphClient({ name: 'orders', url: 'http://orders/graphql', timeoutMs: 1000, forwardHeaders: ['x-tenant'], onFetch: (f) => fetches.push(f), fetcher });
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const QUERY = { query: '{ orders { number } }', variables: { a: 1 }, operationName: undefined, path: [] };

describe('the gateway calling a subgraph', () => {
  test('When the gateway fetches for a caller, then the subgraph gets the operation as JSON with the request id, forwarded headers and its own identity', async () => {
    const { sent, fetcher } = recording(response(200, { data: { orders: [] } }));
    const answer = await client(fetcher).fetch({ ...QUERY, operationName: 'Orders', context: await caller() });
    expect(answer).toEqual({ data: { orders: [] } });
    expect(sent[0].url).toBe('http://orders/graphql');
    expect(JSON.parse(sent[0].init.body!)).toEqual({ query: '{ orders { number } }', variables: { a: 1 }, operationName: 'Orders' });
    const headers = sent[0].init.headers!;
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'req-9', 'x-tenant': 't1' });
    expect(headers.authorization).toBeUndefined();
    expect(decodeJwt(headers['x-identity'])).toMatchObject({ aud: 'orders', sub: 'ada' });
  });

  test('When the subgraph answers 401, 403 or 500, then the caller gets one coded error naming the subgraph', async () => {
    for (const [status, code] of [
      [401, 'UNAUTHENTICATED'],
      [403, 'FORBIDDEN'],
      [500, 'SUBGRAPH_UNAVAILABLE'],
    ] as const) {
      const failure = await client(recording(response(status, 'nope', {})).fetcher)
        .fetch(QUERY)
        .catch((error: unknown) => error);
      expect(failure).toMatchObject({ message: `The orders subgraph answered HTTP ${status}`, extensions: { code, serviceName: 'orders' } });
    }
  });

  test('When a query cannot connect, then it is sent once more; a mutation is not', async () => {
    const query = recording(refused(), response(200, { data: { orders: [] } }));
    await expect(client(query.fetcher).fetch(QUERY)).resolves.toEqual({ data: { orders: [] } });
    expect(query.sent).toHaveLength(2);
    const mutation = recording(refused(), response(200, { data: {} }));
    const failure = await client(mutation.fetcher)
      .fetch({ ...QUERY, query: 'mutation { cancel }' })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'The orders subgraph is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'orders' } });
    expect(mutation.sent).toHaveLength(1);
  });

  test('When the fetch times out, then it is not retried, the error says so and the metrics count a timeout', async () => {
    const fetches: SubgraphFetch[] = [];
    const timeout = Object.assign(new Error('too slow'), { name: 'TimeoutError' });
    const { sent, fetcher } = recording(timeout);
    const failure = await client(fetcher, fetches)
      .fetch(QUERY)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'The orders subgraph did not answer in time', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    expect(sent).toHaveLength(1);
    expect(fetches.map((f) => f.outcome)).toEqual(['timeout']);
  });

  test('When the subgraph answers with errors or with a body that is not a GraphQL answer, then the metrics and the error say which', async () => {
    const fetches: SubgraphFetch[] = [];
    const { fetcher } = recording(response(200, { data: null, errors: [{ message: 'no' }] }), response(200, '[1]'), response(200, '<html>', { 'content-type': 'text/html' }));
    const orders = client(fetcher, fetches);
    await expect(orders.fetch(QUERY)).resolves.toEqual({ data: null, errors: [{ message: 'no' }] });
    await expect(orders.fetch(QUERY)).rejects.toMatchObject({ message: 'The orders subgraph answered HTTP 200' });
    await expect(orders.fetch(QUERY)).rejects.toMatchObject({ message: 'The orders subgraph answered HTTP 200' });
    expect(fetches.map((f) => f.outcome)).toEqual(['graphql_error', 'unavailable', 'unavailable']);
  });

  test("When the subgraph sends Cache-Control, then the request's cache policy is told the hint", async () => {
    const hints: CacheHint[] = [];
    const { fetcher } = recording(response(200, { data: {} }, { 'content-type': 'application/json', 'cache-control': 'max-age=30, public' }));
    await client(fetcher).fetch({ ...QUERY, cachePolicy: { restrict: (hint) => void hints.push(hint) } });
    expect(hints).toEqual([{ maxAge: 30, scope: 'PUBLIC' }]);
  });
});
