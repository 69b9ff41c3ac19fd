import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { serveGraphQL, type RunningHost } from '../http';

/** A host whose routes throw, and the log lines it writes. */
const lines: Array<Record<string, any>> = [];
const log = pino(
  { level: 'info' },
  new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  }),
);
let host: RunningHost;
const origin = () => host.url.replace(/\/graphql$/, '');

beforeAll(async () => {
  host = await serveGraphQL({
    server: new ApolloServer({ typeDefs: 'type Query { ok: Boolean }', resolvers: { Query: { ok: () => true } } }),
    context: async () => ({}),
    port: 0,
    log,
    routes: {
      '/mcp': async () => {
        throw new Error('tool server exploded');
      },
      '/half-sent': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        throw new Error('failed mid-answer');
      },
    },
  });
});
afterAll(() => host?.stop());
beforeEach(() => void (lines.length = 0));

describe('an exception in the HTTP host', () => {
  test('When a route (/mcp) throws, then the error is logged with the caller\'s request id before the 500, which carries the same id', async () => {
    const response = await fetch(`${origin()}/mcp`, { method: 'POST', headers: { 'x-request-id': 'req-mcp-42' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('req-mcp-42');
    expect(await response.json()).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-mcp-42' } }] });
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, msg: 'request failed with an exception', requestId: 'req-mcp-42', path: '/mcp', err: expect.objectContaining({ message: 'tool server exploded' }) }),
    ]);
  });

  test('When the caller sent no request id (or an unusable one), then the host makes one, and the log line and the 500 name it', async () => {
    const response = await fetch(`${origin()}/mcp`, { method: 'POST', headers: { 'x-request-id': 'bad id with spaces' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.map((line) => line.requestId)).toEqual([id]);
  });

  test('When a route throws after it began answering, then the error is still logged and the connection is cut', async () => {
    const failed = await fetch(`${origin()}/half-sent`).then((r) => r.text()).then(() => 'completed', () => 'cut');
    expect(failed).toBe('cut');
    expect(lines).toEqual([expect.objectContaining({ msg: 'request failed with an exception', path: '/half-sent', err: expect.objectContaining({ message: 'failed mid-answer' }) })]);
  });
});

describe('the request target', () => {
  test('When the target starts with // (//evil.example/graphql), then it is a path on this host: 404 NOT_FOUND, not the /graphql of a host named in it (fuzz case: //graphql served the console)', async () => {
    const response = await fetch(`${origin()}//evil.example/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ok }' }) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  test('When the target is the plain path /graphql, then the query runs', async () => {
    const response = await fetch(`${origin()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ ok }' }) });
    expect(await response.json()).toEqual({ data: { ok: true } });
  });
});
