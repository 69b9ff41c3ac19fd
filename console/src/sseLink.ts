import { ApolloLink } from '@apollo/client';
import { print } from 'graphql';
import { createClient, type Client, type EventListeners } from 'graphql-sse';
import { Observable } from 'rxjs';

/** What a caller may pass as `context: { sse }` for a subscription. */
export interface StreamContext extends EventListeners<false> {
  /**
   * The subscription never ends by itself (customerActivity): when the server completes it without
   * an error, the gateway is going away (a restart, a replica draining), so it is opened again (and
   * the listeners hear a reconnection) instead of ending.
   */
  endless?: boolean;
}

/**
 * Subscriptions over the gateway's /graphql/stream (GraphQL over Server-Sent Events, graphql-sse's
 * client): one stream per subscription, retried without end after the gateway goes away (waits
 * 0.25 s, doubling, at most 2 s), so an open view reconnects by itself after a restart. A caller
 * passes `context: { sse: { connecting, connected, endless } }` to hear when its stream drops and returns.
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
    const context = (operation.getContext() as { sse?: StreamContext }).sse;
    const payload = { query: print(operation.query), variables: operation.variables, operationName: operation.operationName };
    return new Observable<ApolloLink.Result>((sink) => {
      let unsubscribed = false;
      let refused = false;
      let dispose = () => {};
      const open = (again: boolean) => {
        refused = false;
        // graphql-sse counts only its own retries as reconnections; a stream opened again after the
        // server completed it is one too.
        const listeners: EventListeners<false> | undefined = again
          ? { connecting: () => context?.connecting?.(true), connected: () => context?.connected?.(true) }
          : context;
        dispose = this.client.subscribe<Record<string, unknown>>(
          payload,
          {
            next: (result) => {
              refused = Boolean(result.errors?.length);
              sink.next(result as ApolloLink.Result);
            },
            error: (error) => sink.error(error),
            complete: () => {
              if (unsubscribed) return;
              // Ended with errors (refused, the owner's stream lost for good): the end is the answer.
              if (!context?.endless || refused) return sink.complete();
              context.connecting?.(true);
              open(true);
            },
          },
          listeners,
        );
      };
      open(false);
      return () => {
        unsubscribed = true;
        dispose();
      };
    });
  }
}
