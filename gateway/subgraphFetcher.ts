import http from 'node:http';
import https from 'node:https';
import { injectTraceContext } from '../common/spans';

/** What RemoteGraphQLDataSource reads from a fetch answer. */
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
  /** Deadline for the whole exchange; past it the request is destroyed with a TimeoutError. */
  timeoutMs: number;
  /** Connections kept per subgraph at most (requests beyond wait for one). */
  maxSockets?: number;
}

/**
 * The gateway's subgraph client: node:http over a keep-alive pool per subgraph, with a plain timer
 * as the deadline. Node's global fetch does the same network work but builds WHATWG Request,
 * Headers, stream and AbortSignal objects around every call; in the gateway's CPU profile that
 * wrapping cost more than Apollo's own query-plan execution (README "Performance").
 *
 * Failures keep fetch's vocabulary where the data source looks at it: a timeout is an error named
 * TimeoutError; a refused or reset connection carries its errno code (ECONNREFUSED, ECONNRESET…).
 */
export function keepAliveFetcher(options: FetcherOptions): SubgraphFetcher {
  // Idle pooled connections close after 4 s, before Node servers' default 5 s keep-alive timeout,
  // so the gateway rarely writes to a connection the subgraph is closing.
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, timeout: 4000 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  // A data source always calls the same URL: parsed once, not on every fetch.
  const targets = new Map<string, { secure: boolean; options: http.RequestOptions }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      target = {
        secure,
        options: {
          protocol: parsed.protocol,
          hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), // IPv6 literals without brackets, as http.request wants
          port: parsed.port,
          path: `${parsed.pathname}${parsed.search}`,
          auth: parsed.username ? `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` : undefined,
          agent: secure ? agents.https : agents.http,
        },
      };
      targets.set(url, target);
    }
    return target;
  };
  return (url, init) =>
    new Promise<SubgraphResponse>((resolve, reject) => {
      const target = targetOf(url);
      const body = init.body === undefined ? undefined : Buffer.from(init.body);
      const headers: Record<string, string | number> = { ...init.headers };
      if (body) headers['content-length'] = body.length;
      // traceparent of the active gateway.fetch span, so the subgraph's spans are its children (nothing while tracing is off).
      injectTraceContext(headers);
      const request = (target.secure ? https : http).request({ ...target.options, method: init.method ?? 'GET', headers });
      const timer = setTimeout(() => request.destroy(timeoutError(options.timeoutMs)), options.timeoutMs);
      request.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        response.once('close', () => {
          // Destroyed before the body ended (timeout, reset): settle as a reset unless already settled.
          if (response.complete) return;
          clearTimeout(timer);
          reject(Object.assign(new Error('The subgraph connection closed before the answer ended'), { code: 'ECONNRESET' }));
        });
        response.once('end', () => {
          clearTimeout(timer);
          const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: response.statusMessage ?? '',
            url,
            headers: { get: (name) => headerValue(response.headers[name.toLowerCase()]) },
            text: async () => text,
            json: async () => JSON.parse(text) as unknown,
          });
        });
      });
      request.end(body);
    });
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
