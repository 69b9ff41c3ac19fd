import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../common/errors';
import type { GatewayContext } from './context';
import { identityHeaders } from './auth/identityHeaders';
import type { CacheHint, SubgraphAnswer, SubgraphCall, SubgraphClient } from './engine/request';
import { keepAliveFetcher, type SubgraphFetcher, type SubgraphResponse } from './subgraphFetcher';

export interface SubgraphClientOptions {
  name: string;
  url: string;
  timeoutMs: number;
  /** Caller headers (lower-case names) sent on to this subgraph; default none. */
  forwardHeaders?: readonly string[];
  /** Send the signed caller identity (x-identity); default true. A foreign subgraph may not want it. */
  identity?: boolean;
  /** Told of every fetch once it has ended (after its retry, if any): metrics, request statistics. */
  onFetch?: (fetch: SubgraphFetch) => void;
  /** The HTTP exchange (default: an undici keep-alive pool with the subgraph's timeout). */
  fetcher?: SubgraphFetcher;
}

export interface SubgraphFetch {
  subgraph: string;
  outcome: 'ok' | 'graphql_error' | 'timeout' | 'unavailable';
  seconds: number;
  /** The operation's context; absent for the gateway's own calls. */
  context?: GatewayContext;
}

/**
 * How the gateway talks to one subgraph, written from the GraphQL-over-HTTP spec on the gateway's
 * own undici fetcher: the request id, forwarded headers and signed identity travel with every
 * fetch, each fetch has the subgraph's timeout, and a failure becomes one error that names the
 * subgraph (SUBGRAPH_UNAVAILABLE, or UNAUTHENTICATED/FORBIDDEN for a 401/403).
 */
export class HttpSubgraphClient implements SubgraphClient {
  readonly name: string;
  readonly url: string;
  private readonly fetcher: SubgraphFetcher;
  private readonly target: { name: string; identity: boolean; forwardHeaders: readonly string[] };

  constructor(private readonly options: SubgraphClientOptions) {
    this.name = options.name;
    this.url = options.url;
    this.fetcher = options.fetcher ?? keepAliveFetcher({ timeoutMs: options.timeoutMs });
    this.target = { name: options.name, identity: options.identity ?? true, forwardHeaders: options.forwardHeaders ?? [] };
  }

  /**
   * A query that could not reach the subgraph (connection refused or reset) is sent once more:
   * reads are idempotent, and a restarted subgraph or a stale pooled connection should not cost
   * the caller an error. Mutations and timeouts are never repeated.
   */
  async fetch(call: SubgraphCall): Promise<SubgraphAnswer> {
    const started = performance.now();
    let outcome: SubgraphFetch['outcome'] = 'ok';
    try {
      let answer: SubgraphAnswer;
      try {
        answer = await this.send(call);
      } catch (error) {
        if (!isConnectionFailure(error) || !QUERY_TEXT.test(call.query)) throw this.failure(error);
        answer = await this.send(call).catch((again: unknown) => Promise.reject(this.failure(again)));
      }
      if (answer.errors?.length) outcome = 'graphql_error';
      return answer;
    } catch (error) {
      outcome = isTimeout(error) ? 'timeout' : 'unavailable';
      throw error;
    } finally {
      this.options.onFetch?.({ subgraph: this.name, outcome, seconds: (performance.now() - started) / 1000, context: call.context });
    }
  }

  /** One exchange; throws the fetcher's own error, or a StatusError for an answer that is not a GraphQL body. */
  private async send(call: SubgraphCall): Promise<SubgraphAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(await identityHeaders(call.context, this.target)) };
    const body = JSON.stringify({ query: call.query, variables: call.variables, operationName: call.operationName });
    const response = await this.fetcher(this.url, { method: 'POST', headers, body });
    if (!response.ok) throw new StatusError(response.status);
    const parsed = await parseBody(response).catch((error: Error) => Promise.reject(new StatusError(response.status, error.message)));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StatusError(response.status, `Expected JSON response body, but received: ${parsed}`);
    call.cachePolicy?.restrict(cacheHint(response.headers.get('cache-control')));
    return parsed as SubgraphAnswer;
  }

  /** The error the client sees: what went wrong, for which subgraph; the cause is kept server-side only. */
  private failure(error: unknown): GraphQLError {
    const status = error instanceof StatusError ? error.status : undefined;
    const message = isTimeout(error)
      ? `The ${this.name} subgraph did not answer in time`
      : status
        ? `The ${this.name} subgraph answered HTTP ${status}`
        : `The ${this.name} subgraph is unavailable`;
    return new GraphQLError(message, {
      originalError: error instanceof Error ? error : new Error(String(error)),
      extensions: {
        code: status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.SUBGRAPH_UNAVAILABLE,
        serviceName: this.name,
      },
    });
  }
}

/**
 * The same client as a GraphQLDataSource (@apollo/gateway's public interface), for the stock
 * reference gateway (GATEWAY_ENGINE=stock): its subgraph calls then carry the same headers,
 * timeouts and errors as the engine's.
 */
export function asDataSource(client: SubgraphClient): GraphQLDataSource<GatewayContext> {
  return {
    process: async (options) => {
      const { request } = options;
      if (!request.query) throw new Error('Missing query');
      const incoming = 'incomingRequestContext' in options ? options : undefined;
      const policy = incoming?.incomingRequestContext.overallCachePolicy;
      const answer = await client.fetch({
        query: request.query,
        variables: request.variables ?? {},
        operationName: request.operationName,
        context: options.context?.requestId ? (options.context as GatewayContext) : undefined,
        cachePolicy: policy && 'restrict' in policy ? policy : undefined,
        path: incoming?.pathInIncomingRequest ?? [],
      });
      return answer as Awaited<ReturnType<GraphQLDataSource['process']>>;
    },
  };
}

/** A JSON body is parsed as JSON, anything else read as text (and then refused: not a GraphQL answer). */
async function parseBody(response: SubgraphResponse): Promise<unknown> {
  const type = response.headers.get('content-type');
  return type !== null && /json/i.test(type) ? response.json() : response.text();
}

/** A subgraph's answer that is not a GraphQL response (an HTTP error status, a body that is not an object). */
class StatusError extends Error {
  constructor(
    readonly status: number,
    message = `HTTP ${status}`,
  ) {
    super(message);
  }
}

/** A subgraph operation the query planner printed as a query (`query …` or `{…}`); anything else is not retried. */
const QUERY_TEXT = /^\s*(?:query\b|\{)/;

/** Codes (node:http's own, or undici's on `cause`) for a connection refused, reset or closed before the answer. */
const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Duck-typed: undici's errors come from Node's own realm, where `instanceof Error` may not hold. */
type FetchFailure = { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
function fetchFailureOf(error: unknown): FetchFailure | undefined {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  return typeof original === 'object' && original !== null ? (original as FetchFailure) : undefined;
}

function isConnectionFailure(error: unknown): boolean {
  const failure = fetchFailureOf(error);
  if (!failure || isTimeout(error) || error instanceof StatusError) return false;
  const code = failure.cause?.code ?? failure.code;
  return (typeof code === 'string' && CONNECTION_FAILURES.has(code)) || (typeof failure.message === 'string' && failure.message.includes('socket hang up'));
}

function isTimeout(error: unknown): boolean {
  const name = fetchFailureOf(error)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** The subgraph's Cache-Control header as a cache hint: max-age, and a public or private scope. */
export function cacheHint(header: string | null): CacheHint {
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
