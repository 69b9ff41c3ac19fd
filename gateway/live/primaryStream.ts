import type { ExecutionResult } from 'graphql';
import { createClient } from 'graphql-sse';

export interface PrimaryStreamRequest {
  /** The owning subgraph's graphql-sse endpoint (`<subgraph>/graphql/stream`). */
  url: string;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  /** Asked on every (re)connection: the signed identity is short-lived. */
  headers: () => Promise<Record<string, string>>;
}

export interface PrimaryStream {
  next(): Promise<IteratorResult<ExecutionResult>>;
  /** Closes the request to the subgraph (its listener there goes at once). */
  close(): void;
}

/**
 * The subscription held open on the owning subgraph, over graphql-sse (distinct connections mode:
 * one HTTP request per subscription). The client library does not retry here: the live graph
 * decides itself when a lost stream is re-opened, so a refusal is never retried.
 */
export function openPrimaryStream(request: PrimaryStreamRequest): PrimaryStream {
  const client = createClient({ url: request.url, headers: request.headers, retryAttempts: 0 });
  const iterator = client.iterate({ query: request.query, variables: request.variables, operationName: request.operationName });
  let closed = false;
  return {
    next: () => iterator.next() as Promise<IteratorResult<ExecutionResult>>,
    close() {
      if (closed) return;
      closed = true;
      void iterator.return?.().catch(() => undefined);
      client.dispose();
    },
  };
}

/** The URL a subgraph serves its subscriptions on, beside its /graphql. */
export function streamUrlOf(graphqlUrl: string): string {
  return graphqlUrl.replace(/\/+$/, '') + '/stream';
}
