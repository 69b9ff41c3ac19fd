import { ApolloLink } from '@apollo/client';
import { print } from 'graphql';
import { createClient, type Client, type EventListeners } from 'graphql-sse';
import { Observable } from 'rxjs';

/**
 * Subscriptions over the gateway's /graphql/stream (GraphQL over Server-Sent Events, graphql-sse's
 * client): one stream per subscription, retried without end after the gateway goes away (waits
 * 0.25 s, doubling, at most 2 s), so an open view reconnects by itself after a restart. A caller
 * passes `context: { sse: { connecting, connected } }` to hear when its stream drops and returns.
 */
export class SSELink extends ApolloLink {
  private readonly client: Client;

  constructor(token: string) {
    super();
    this.client = createClient({
      url: '/graphql/stream',
      headers: { authorization: `Bearer ${token}` },
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retry: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(2000, 250 * 2 ** retries))),
    });
  }

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    const listeners = (operation.getContext() as { sse?: EventListeners<false> }).sse;
    return new Observable<ApolloLink.Result>((sink) =>
      this.client.subscribe<Record<string, unknown>>(
        { query: print(operation.query), variables: operation.variables, operationName: operation.operationName },
        { next: (result) => sink.next(result as ApolloLink.Result), complete: () => sink.complete(), error: (error) => sink.error(error) },
        listeners,
      ),
    );
  }
}
