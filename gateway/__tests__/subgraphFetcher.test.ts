import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAliveFetcher } from '../subgraphFetcher';

/** A subgraph stand-in; `handler` decides each answer, `seen` records what arrived and on which connection. */
async function stubServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const seen: Array<{ headers: http.IncomingHttpHeaders; body: string; path: string; socket: unknown }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ headers: req.headers, body, path: req.url ?? '', socket: req.socket });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql?x=1`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
};

describe('the gateway subgraph fetcher', () => {
  test('When a subgraph answers, then its status, headers and body come back and the request arrived whole', async () => {
    const server = await stubServer((_req, res, body) => json(res, 200, { data: { echo: JSON.parse(body) } }, { 'cache-control': 'max-age=30, public' }));
    try {
      const fetch = keepAliveFetcher({ timeoutMs: 2000 });
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'req-1' },
        body: JSON.stringify({ query: '{ é }' }),
      });
      expect(response.ok).toBe(true);
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('max-age=30, public');
      expect(response.headers.get('x-missing')).toBeNull();
      expect(await response.json()).toEqual({ data: { echo: { query: '{ é }' } } });
      expect(server.seen[0].path).toBe('/graphql?x=1');
      expect(server.seen[0].headers['x-request-id']).toBe('req-1');
      expect(Number(server.seen[0].headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify({ query: '{ é }' })));
    } finally {
      await server.close();
    }
  });

  test('When fetches follow one another, then they reuse kept-alive connections instead of opening one each', async () => {
    const server = await stubServer((_req, res) => json(res, 200, { data: {} }));
    try {
      const fetch = keepAliveFetcher({ timeoutMs: 2000 });
      for (let i = 0; i < 10; i++) await (await fetch(server.url, { method: 'POST', body: '{}' })).text();
      expect(server.seen).toHaveLength(10);
      // undici hands a fetch sent in the same tick as the previous answer to a second connection.
      expect(new Set(server.seen.map((s) => s.socket)).size).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  test('When a subgraph answers with an error status, then the answer is returned as not ok with its body', async () => {
    const server = await stubServer((_req, res) => json(res, 503, { errors: [{ message: 'down' }] }));
    try {
      const response = await keepAliveFetcher({ timeoutMs: 2000 })(server.url, { method: 'POST', body: '{}' });
      expect(response.ok).toBe(false);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('down');
    } finally {
      await server.close();
    }
  });

  test('When a subgraph does not answer within the deadline, then the fetch fails with a TimeoutError at the deadline', async () => {
    const server = await stubServer(() => undefined);
    try {
      const started = Date.now();
      const failure = await keepAliveFetcher({ timeoutMs: 200 })(server.url, { method: 'POST', body: '{}' }).catch((e: Error) => e);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).name).toBe('TimeoutError');
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.close();
    }
  });

  test('When a subgraph stops in the middle of its answer, then the fetch fails as a connection failure, not a timeout', async () => {
    const server = await stubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const failure = (await keepAliveFetcher({ timeoutMs: 2000 })(server.url, { method: 'POST', body: '{}' }).catch((e: unknown) => e)) as { name: string; code?: string };
      expect(failure.name).not.toBe('TimeoutError');
      expect(['UND_ERR_SOCKET', 'ECONNRESET']).toContain(failure.code);
    } finally {
      await server.close();
    }
  });

  test('When nothing listens at the subgraph address, then the fetch fails with ECONNREFUSED', async () => {
    const server = await stubServer(() => undefined);
    const url = server.url;
    await server.close();
    const failure = (await keepAliveFetcher({ timeoutMs: 2000 })(url, { method: 'POST', body: '{}' }).catch((e: unknown) => e)) as { code?: string };
    expect(failure.code).toBe('ECONNREFUSED');
  });

  test('When the subgraph URL carries credentials, then they are sent as basic authorization', async () => {
    const server = await stubServer((_req, res) => json(res, 200, { data: {} }));
    try {
      await keepAliveFetcher({ timeoutMs: 2000 })(server.url.replace('http://', 'http://gw:s%40cret@'), { method: 'POST', body: '{}' });
      expect(server.seen[0].headers.authorization).toBe(`Basic ${Buffer.from('gw:s@cret').toString('base64')}`);
    } finally {
      await server.close();
    }
  });
});
