import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
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
 * The exchange goes through the pool's `dispatch` with a handler that keeps the body's chunks:
 * `pool.request` would add a Readable stream, an async resource and a body consumer per call, which
 * on a 16-fetch query were a tenth of the gateway's time (bench/results/2026-12-07-perf-notes.md).
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
  return (url, init) => {
    const target = targetOf(url);
    const headers: Record<string, string> = target.authorization ? { authorization: target.authorization, ...init.headers } : { ...init.headers };
    // traceparent of the active gateway.fetch span, so the subgraph's spans are its children (nothing while tracing is off).
    injectTraceContext(headers);
    return new Promise<SubgraphResponse>((resolve, reject) => {
      const exchange = new Exchange(url, resolve, reject, options.timeoutMs);
      target.pool.dispatch({ path: target.path, method: (init.method ?? 'GET') as Dispatcher.HttpMethod, headers, body: init.body }, exchange);
    });
  };
}

/**
 * One request's handler (undici's DispatchHandler): the status, headers and body chunks as they
 * come, settled once: answered, failed, or past its deadline (then the request is aborted, at
 * once if it is on a connection already, else as soon as it gets one).
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller?: Dispatcher.DispatchController;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly resolve: (response: SubgraphResponse) => void,
    private readonly reject: (error: Error) => void,
    private readonly timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.timeOut(), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(timeoutError(this.timeoutMs));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settle();
    const { chunks, status, headers } = this;
    const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.resolve({
      ok: status >= 200 && status < 300,
      status,
      statusText: '',
      url: this.url,
      headers: { get: (name) => headerValue(headers[name.toLowerCase()]) },
      text: () => Promise.resolve(text),
      json: () => new Promise((resolve) => resolve(JSON.parse(text) as unknown)),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private timeOut(): void {
    if (this.settled) return;
    this.settle();
    this.controller?.abort(timeoutError(this.timeoutMs));
    this.reject(timeoutError(this.timeoutMs));
  }

  private settle(): void {
    this.settled = true;
    clearTimeout(this.timer);
  }
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
