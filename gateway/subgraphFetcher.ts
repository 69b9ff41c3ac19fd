import { EventEmitter } from 'node:events';
import { Pool } from 'undici';
import { injectTraceContext } from '../common/spans';

/** A subgraph's HTTP answer, as the subgraph client (subgraphClient.ts) reads it. */
export interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export interface SubgraphRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export type SubgraphFetcher = (url: string, init: SubgraphRequestInit) => Promise<SubgraphResponse>;

export interface FetcherOptions {
  /** Deadline for the whole exchange; past it the request is aborted with a TimeoutError. */
  timeoutMs: number;
  /** Connections kept per subgraph at most (requests beyond wait for one). */
  maxSockets?: number;
}

/**
 * The gateway's HTTP exchange with a subgraph: an undici keep-alive Pool per subgraph origin, with a plain timer
 * as the deadline. Node's global fetch runs on the same undici but builds WHATWG Request, Headers,
 * stream and AbortSignal objects around every call, and node:http's ClientRequest costs about a
 * third more CPU per exchange than undici's own request API (docs/performance.md; bench/results/2026-11-25.md has the measurement).
 *
 * Failures keep fetch's vocabulary where the subgraph client looks at it: a timeout is an error named
 * TimeoutError; a refused or reset connection carries its code (ECONNREFUSED, UND_ERR_SOCKET…).
 */
export function keepAliveFetcher(options: FetcherOptions): SubgraphFetcher {
  // A subgraph client always calls the same URL: its pool and path are found once, not on every fetch.
  const targets = new Map<string, Target>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      target = targetFor(url, options.maxSockets ?? 256);
      targets.set(url, target);
    }
    return target;
  };
  return async (url, init) => {
    const target = targetOf(url);
    const headers: Record<string, string> = target.authorization ? { authorization: target.authorization, ...init.headers } : { ...init.headers };
    // traceparent of the active gateway.fetch span, so the subgraph's spans are its children (nothing while tracing is off).
    injectTraceContext(headers);
    // An EventEmitter is what undici listens to for 'abort': cheaper than an AbortController per call.
    const abort = new EventEmitter();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.emit('abort');
    }, options.timeoutMs);
    try {
      const response = await target.pool.request({
        path: target.path,
        method: (init.method ?? 'GET') as 'GET' | 'POST',
        headers,
        body: init.body,
        signal: abort,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      const responseHeaders = response.headers;
      return {
        ok: status >= 200 && status < 300,
        status,
        statusText: '',
        url,
        headers: { get: (name) => headerValue(responseHeaders[name.toLowerCase()]) },
        text: async () => text,
        json: async () => JSON.parse(text) as unknown,
      };
    } catch (error) {
      throw timedOut ? timeoutError(options.timeoutMs) : error;
    } finally {
      clearTimeout(timer);
    }
  };
}

interface Target {
  pool: Pool;
  path: string;
  /** Basic credentials written in the URL, which undici (unlike fetch) does not send by itself. */
  authorization?: string;
}

function targetFor(url: string, connections: number): Target {
  const parsed = new URL(url);
  // Idle pooled connections close after at most 4 s, before Node servers' default 5 s keep-alive
  // timeout, so the gateway rarely writes to a connection the subgraph is closing.
  const pool = new Pool(parsed.origin, { connections, keepAliveTimeout: 4000, keepAliveMaxTimeout: 4000 });
  const user = parsed.username ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` : undefined;
  return {
    pool,
    path: `${parsed.pathname}${parsed.search}`,
    authorization: user ? `Basic ${Buffer.from(user).toString('base64')}` : undefined,
  };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function timeoutError(ms: number): Error {
  const error = new Error(`The subgraph did not answer within ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}
