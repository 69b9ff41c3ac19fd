import type { ExecutionResult } from 'graphql';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveClient {
  /** Subscribes; the iterator's return() unsubscribes. */
  subscribe(query: string, variables?: Record<string, unknown>): AsyncIterableIterator<ExecutionResult>;
  dispose(): Promise<void>;
}

/** A graphql-sse client of the gateway's /graphql/stream, with a bearer token. */
export function sseClient(gatewayUrl: string, token: string): LiveClient {
  const client = createSseClient({ url: `${gatewayUrl}/stream`, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  return {
    subscribe: (query, variables) => client.iterate({ query, variables }) as AsyncIterableIterator<ExecutionResult>,
    dispose: async () => client.dispose(),
  };
}

/** A graphql-ws client of the gateway's /graphql, the token in connection_init. */
export function wsClient(gatewayUrl: string, token: string): LiveClient {
  const client = createWsClient({
    url: gatewayUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  return {
    subscribe: (query, variables) => client.iterate({ query, variables }) as AsyncIterableIterator<ExecutionResult>,
    dispose: () => client.dispose() as Promise<void>,
  };
}
