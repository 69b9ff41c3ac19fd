import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { createLogger, type Logger } from './logger';
import { graphqlSpanPlugin, inServerSpan, tracingEnabled } from './spans';

/**
 * A route beside /graphql (health, metrics, MCP). Returning false passes the request on. A key
 * `/prefix/*` answers every path under /prefix/ (the console's hashed assets).
 */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean | void> | boolean | void;

export interface GraphQLHostOptions<C extends BaseContext> {
  server: ApolloServer<C>;
  context: (req: IncomingMessage) => Promise<C>;
  /**
   * Incremental delivery (@defer): `begin` is told the context of a single request whose client
   * accepts multipart/mixed (deferSpec=20220824); `follow` gives the payloads that come after the
   * answer (undefined: a plain answer), written with it as a multipart/mixed body.
   */
  incremental?: { begin(context: C): void; follow(context: C): AsyncIterable<string> | undefined };
  port: number;
  host?: string;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes?: number;
  /** Most operations in one batched POST (a JSON array body); 0 (default) refuses batches. */
  maxBatchSize?: number;
  /**
   * Looks at each operation's parameters (of a POST body or a GET's query string) before Apollo
   * Server does; an error returned is answered at once, 400 with its code (the gateway's input
   * limits: what Apollo Server would answer with a 500).
   */
  screen?: (params: Record<string, unknown>) => { message: string; extensions: Record<string, unknown> } | undefined;
  /** How long stop() lets in-flight requests finish before closing their connections (default 10 s). */
  stopGracePeriodMs?: number;
  routes?: Record<string, Route>;
  /** Runs around each GraphQL request (a subgraph's list of the outbox writes made for it: common/outbox/writtenEntities.ts). */
  around?: <T>(run: () => Promise<T>) => Promise<T>;
  /** The subgraph served, named on its trace spans; absent for the gateway. */
  subgraph?: string;
  /** Where a request that fails with an exception is logged (default: a logger named after the host). */
  log?: Logger;
}

export interface RunningHost {
  url: string;
  port: number;
  httpServer: http.Server;
  stop(): Promise<void>;
}

/**
 * The request's target as a URL on this host. A target is a path: `//evil.example/graphql` is the
 * path `//evil.example/graphql` here, whereas a URL reference (`new URL(target, base)`) would read
 * it as another host and route it to `/graphql` (and `//graphql` to `/`, the console).
 */
export function requestUrl(req: IncomingMessage): URL {
  const target = req.url ?? '/';
  return target.startsWith('/') ? new URL(`http://localhost${target}`) : new URL(target, 'http://localhost/');
}

/**
 * A request whose handler threw: logged with its request id before answering (a 500 that nobody can
 * trace back is a failure nobody fixes), then a coded 500, or the connection dropped when the answer
 * had already begun. Every host's last resort.
 */
export function answerUnhandled(log: Logger, req: IncomingMessage, res: ServerResponse, requestId: string, error: unknown): void {
  log.error({ err: error, requestId, method: req.method, path: req.url?.split('?')[0] }, 'request failed with an exception');
  if (!res.headersSent) {
    res.setHeader('x-request-id', requestId);
    sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
  } else res.destroy(error as Error);
}

/**
 * Serves an ApolloServer over node:http, with a body-size limit enforced while reading
 * (so an oversized body is refused before it is buffered) and extra routes.
 */
export async function serveGraphQL<C extends BaseContext>(options: GraphQLHostOptions<C>): Promise<RunningHost> {
  const { server, context, routes = {} } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const maxBatchSize = options.maxBatchSize ?? 0;
  const log = options.log ?? createLogger(options.subgraph ?? 'gateway');
  const httpServer = http.createServer((req, res) => {
    const requestId = ensureRequestId(req);
    handle(req, res).catch((error: unknown) => answerUnhandled(log, req, res, requestId, error));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    const route = routeFor(routes, url.pathname);
    if (route && (await route(req, res)) !== false) return;
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      sendJsonError(res, 404, 'NOT_FOUND', `No route ${url.pathname}`);
      return;
    }
    // Decided at start: a host started without tracing never looks at it again.
    const run = options.around ? () => options.around!(() => handleGraphQL(req, res, url)) : () => handleGraphQL(req, res, url);
    if (traced) return inServerSpan(req, res, '/graphql', options.subgraph, run);
    return run();
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const read = await readBody(req, res, maxBodyBytes, maxBatchSize);
    if (!read.ok) return;
    const body = read.body;
    if (options.screen) {
      const refused = screened(options.screen, req.method === 'POST' ? body : paramsOfSearch(url.searchParams));
      if (refused) {
        res.setHeader('x-request-id', String(req.headers['x-request-id']));
        sendJson(res, 400, { errors: [{ message: refused.message, extensions: refused.extensions }] });
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const incremental = options.incremental && !Array.isArray(body) && acceptsMultipart(req.headers.accept) ? options.incremental : undefined;
    let contextValue: C | undefined;
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: incremental
        ? async () => {
            contextValue = await context(req);
            incremental.begin(contextValue);
            return contextValue;
          }
        : () => context(req),
    });
    const following = contextValue && incremental?.follow(contextValue);
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (following && response.body.kind === 'complete' && res.statusCode === 200) {
      res.setHeader('content-type', 'multipart/mixed; boundary="-"; deferSpec=20220824');
      res.removeHeader('content-length');
      const first = { ...(JSON.parse(response.body.string) as object), hasNext: true };
      res.write(`\r\n---\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(first)}\r\n---\r\n`);
      for await (const part of following) {
        const last = part.endsWith('"hasNext":false}');
        res.write(`content-type: application/json; charset=utf-8\r\n\r\n${part}\r\n---${last ? '--' : ''}\r\n`);
      }
      res.end();
      return;
    }
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  const traced = tracingEnabled();
  if (traced) server.addPlugin(graphqlSpanPlugin() as ApolloServerPlugin<C>);
  server.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.stopGracePeriodMs }));
  await server.start();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    httpServer,
    stop: () => server.stop(),
  };
}

/** The route for a path: its own, or its folder's `/prefix/*`. */
export function routeFor(routes: Record<string, Route>, pathname: string): Route | undefined {
  return routes[pathname] ?? routes[pathname.replace(/^(\/[^/]+\/).+$/, '$1*')];
}

/** The first refusal of the screen among a body's operations (one, or a batch). */
function screened(screen: NonNullable<GraphQLHostOptions<BaseContext>['screen']>, body: unknown) {
  for (const params of Array.isArray(body) ? body : [body]) {
    if (params && typeof params === 'object') {
      const refused = screen(params as Record<string, unknown>);
      if (refused) return refused;
    }
  }
  return undefined;
}

/** A GET's parameters as Apollo Server reads them; JSON that does not parse is left for it to refuse. */
function paramsOfSearch(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = { query: search.get('query') ?? undefined };
  for (const name of ['variables', 'extensions']) {
    const text = search.get(name);
    if (!text) continue;
    try {
      params[name] = JSON.parse(text);
    } catch {
      // Apollo Server answers a variables parameter that is not JSON itself (400).
    }
  }
  return params;
}

/** multipart/mixed with no spec or deferSpec=20220824 among the accepted types (incrementalSpec=v0.2 is not spoken here). */
export function acceptsMultipart(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((type) => {
    const [media, ...params] = type.split(';').map((p) => p.trim().toLowerCase());
    if (media !== 'multipart/mixed') return false;
    const spec = params.find((p) => p.startsWith('deferspec=') || p.startsWith('incrementalspec='));
    return spec === undefined || spec === 'deferspec=20220824';
  });
}

/**
 * The caller's request id when it is sane, else a new one, written back onto the request so that
 * everything after (the gateway's context, agent tools, subgraph calls, this host's error log) uses
 * the same id.
 */
export function ensureRequestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  if (value && /^[\w.:-]{1,128}$/.test(value)) return value;
  const id = randomUUID();
  req.headers['x-request-id'] = id;
  return id;
}

export type BodyRead = { ok: true; body: unknown } | { ok: false };
const ANSWERED: BodyRead = { ok: false };

/**
 * Reads and parses a JSON body; answers 413/400/415 itself (ok: false) when the body is unusable,
 * through `refuse` (the gateway's own path adds its response headers).
 */
export async function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  maxBatchSize: number,
  refuse: typeof sendJsonError = sendJsonError,
): Promise<BodyRead> {
  const sendJsonError = refuse;
  if (req.method !== 'POST') return { ok: true, body: undefined };
  // Judged before reading: a body of the wrong type is not worth receiving.
  if (!JSON_CONTENT_TYPE.test(String(req.headers['content-type'] ?? ''))) {
    sendJsonError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'POST requests must have content-type application/json');
    req.resume();
    return ANSWERED;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`);
    req.resume();
    return ANSWERED;
  }
  const text = await readText(req, limit);
  if (text === undefined) {
    sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes`);
    req.destroy();
    return ANSWERED;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    sendJsonError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
    return ANSWERED;
  }
  if (Array.isArray(body) && maxBatchSize === 0) {
    sendJsonError(res, 400, 'BATCHING_NOT_ALLOWED', 'Send one operation per request: batched requests are not accepted');
    return ANSWERED;
  }
  if (Array.isArray(body) && body.length > maxBatchSize) {
    sendJsonError(res, 400, 'BATCH_TOO_LARGE', `A batch may hold at most ${maxBatchSize} operations, this one holds ${body.length}`);
    return ANSWERED;
  }
  return { ok: true, body };
}

/**
 * The body as text, or undefined as soon as it grows past the limit. Read with 'data' events, not
 * `for await`: the async iterator costs a promise per chunk on every request.
 */
function readText(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
  });
}

const JSON_CONTENT_TYPE = /^application\/(graphql-response\+)?json\b/i;

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(payload));
}

export function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
