import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../common/errors';
import type { GatewayContext } from './context';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  timeoutMs: number;
}

/**
 * How the gateway talks to one subgraph: the request id travels with every fetch, each fetch has
 * the subgraph's timeout, and a failure becomes one error that names the subgraph.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, fetcher: timedFetcher(options.timeoutMs) });
    this.name = options.name;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
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
      extensions: {
        code: status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.SUBGRAPH_UNAVAILABLE,
        serviceName: this.name,
      },
    });
  }
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** Node's own fetch (undici) with a per-request deadline. */
function timedFetcher(timeoutMs: number): Fetcher {
  return ((url: string, init: RequestInit) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}
