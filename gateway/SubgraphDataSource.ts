import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../common/errors';
import type { GatewayContext } from './context';
import { identityHeaders } from './auth/identityHeaders';
import { keepAliveFetcher, type SubgraphResponse } from './subgraphFetcher';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
  /** Caller headers (lower-case names) sent on to this subgraph; default none. */
  forwardHeaders?: readonly string[];
  /** Send the signed caller identity (x-identity); default true. A foreign subgraph may not want it. */
  identity?: boolean;
  /** Told of every fetch once it has ended (after its retry, if any): metrics, request statistics. */
  onFetch?: (fetch: SubgraphFetch) => void;
}

export interface SubgraphFetch {
  subgraph: string;
  outcome: 'ok' | 'graphql_error' | 'timeout' | 'unavailable';
  seconds: number;
  /** The operation's context; absent for the gateway's own calls. */
  context?: GatewayContext;
}

/**
 * How the gateway talks to one subgraph: the request id travels with every fetch, each fetch has
 * the subgraph's timeout, and a failure becomes one error that names the subgraph.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;
  private readonly onFetch?: (fetch: SubgraphFetch) => void;
  private readonly forwardHeaders: readonly string[];
  private readonly sendIdentity: boolean;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, fetcher: keepAliveFetcher({ timeoutMs: options.timeoutMs }) as unknown as Fetcher });
    this.name = options.name;
    this.onFetch = options.onFetch;
    this.forwardHeaders = options.forwardHeaders ?? [];
    this.sendIdentity = options.identity ?? true;
  }

  /**
   * A query that could not reach the subgraph (connection refused or reset) is sent once more:
   * reads are idempotent, and a restarted subgraph or a stale pooled connection should not cost
   * the caller an error. Mutations and timeouts are never repeated.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    const context = options.context as GatewayContext | undefined;
    let outcome: SubgraphFetch['outcome'] = 'ok';
    try {
      let response: GatewayGraphQLResponse;
      try {
        response = await this.send(options);
      } catch (error) {
        if (!isConnectionFailure(error) || !isQueryText(options.request.query)) throw error;
        response = await this.send(options);
      }
      if (response.errors?.length) outcome = 'graphql_error';
      return response;
    } catch (error) {
      outcome = isTimeout(error) ? 'timeout' : 'unavailable';
      throw error;
    } finally {
      this.onFetch?.({ subgraph: this.name, outcome, seconds: (performance.now() - started) / 1000, context });
    }
  }

  /**
   * RemoteGraphQLDataSource.process (APQ off, as here) without the node-fetch Headers and Request
   * objects it builds around every fetch only to hand them to hooks this class does not read: the
   * same headers and body reach the subgraph, and the same hooks run (willSendRequest,
   * errorFromResponse, parseBody, didEncounterError, didReceiveResponse, the cache-control hint).
   */
  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const context = options.context as GatewayContext;
    const headers = new PlainHeaders();
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers.append(name, value);
    headers.set('Content-Type', 'application/json');
    const http = { method: 'POST', url: this.url, headers };
    request.http = http;
    await this.willSendRequest?.(options);
    if (!request.query) throw new Error('Missing query');
    const { http: _http, ...body } = request; // what the subgraph is sent: query, variables, operationName, extensions
    let fetched: SubgraphResponse | undefined;
    let response: GatewayGraphQLResponse;
    try {
      fetched = await (this.fetcher as unknown as SubgraphFetcherFn)(http.url, {
        method: http.method,
        headers: Object.fromEntries(http.headers),
        body: JSON.stringify(body),
      });
      if (!fetched.ok) throw await this.errorFromResponse(fetched as never);
      const parsed = await this.parseBody(fetched as never);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`Expected JSON response body, but received: ${parsed}`);
      response = { ...parsed, http: fetched } as unknown as GatewayGraphQLResponse;
    } catch (error) {
      this.didEncounterError(error as Error, undefined, fetched);
      throw error;
    }
    // Only an incoming operation carries incomingRequestContext (RemoteGraphQLDataSource tests its kind).
    const incoming = 'incomingRequestContext' in options ? options : undefined;
    const processed = this.didReceiveResponse
      ? await this.didReceiveResponse({ response, request, context, pathInIncomingRequest: incoming?.pathInIncomingRequest })
      : response;
    const policy = this.honorSubgraphCacheControlHeader ? incoming?.incomingRequestContext.overallCachePolicy : undefined;
    if (policy && 'restrict' in policy) policy.restrict(cacheHint(fetched.headers.get('cache-control')));
    return processed;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request } = options;
    const context = options.context as GatewayContext | undefined;
    if (!context?.requestId) return; // the gateway's own calls (health, composition) carry no caller
    const headers = await identityHeaders(context, { name: this.name, identity: this.sendIdentity, forwardHeaders: this.forwardHeaders });
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, fetchResponse?: unknown): never {
    const status = (fetchResponse as { status?: number } | undefined)?.status;
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const message = timedOut
      ? `The ${this.name} subgraph did not answer in time`
      : status
        ? `The ${this.name} subgraph answered HTTP ${status}`
        : `The ${this.name} subgraph is unavailable`;
    throw new GraphQLError(message, {
      originalError: error, // kept server-side only: process() decides on a retry from it
      extensions: {
        code: status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.SUBGRAPH_UNAVAILABLE,
        serviceName: this.name,
      },
    });
  }
}

/** A subgraph operation the query planner printed as a query (`query …` or `{…}`); anything else is not retried. */
const QUERY_TEXT = /^\s*(?:query\b|\{)/;
function isQueryText(query: string | undefined): boolean {
  return query !== undefined && QUERY_TEXT.test(query);
}

/** Codes (node:http's own, or undici's on `cause`) for a connection refused, reset or closed before the answer. */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Fetch's own error, unwrapped from the GraphQLError didEncounterError made of it. */
type FetchFailure = { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
function fetchFailureOf(error: unknown): FetchFailure | undefined {
  // Duck-typed: undici's errors come from Node's own realm, where `instanceof Error` may not hold.
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  return typeof original === 'object' && original !== null ? (original as FetchFailure) : undefined;
}

function isConnectionFailure(error: unknown): boolean {
  const failure = fetchFailureOf(error);
  if (!failure || isTimeout(error)) return false;
  const code = failure.cause?.code ?? failure.code;
  return (typeof code === 'string' && CONNECTION_FAILURES.has(code)) || (typeof failure.message === 'string' && failure.message.includes('socket hang up'));
}

function isTimeout(error: unknown): boolean {
  const name = fetchFailureOf(error)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type SubgraphFetcherFn = ReturnType<typeof keepAliveFetcher>;

/** The subgraph's Cache-Control header as a cache hint, read as RemoteGraphQLDataSource reads it. */
function cacheHint(header: string | null): { maxAge: number; scope?: 'PUBLIC' | 'PRIVATE' } {
  const directives: Record<string, string | true> = {};
  for (const part of header ? header.trim().split(/\s*,\s*/) : []) {
    const [key, value] = part.split(/\s*=\s*/, 2);
    directives[key] = value === undefined ? true : value.replace(/^"|"$/g, '');
  }
  const maxAge = directives['max-age'];
  return {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? Number(maxAge) : 0,
    ...(directives.private === true ? { scope: 'PRIVATE' as const } : {}),
    ...(directives.public === true ? { scope: 'PUBLIC' as const } : {}),
  };
}

/** Just enough of the Fetch API's Headers for willSendRequest: lower-cased names, appends joined. */
class PlainHeaders implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const existing = this.map.get(key);
    this.map.set(key, existing === undefined ? value : `${existing}, ${value}`);
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
