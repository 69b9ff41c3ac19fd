import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSourceEventStream, execute, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import type { Route } from '../http';
import { sendJsonError } from '../http';
import type { Viewer } from '../identity';
import type { Logger } from '../logger';
import type { EventGate } from './eventGate';
import type { LiveFeed } from './feed';
import { mapEvents } from './mapEvents';

/** What a subscription resolver finds in its context besides the subgraph's own: the feed of events. */
export interface LiveContext {
  viewer: Viewer;
  live: LiveFeed;
}

export interface SubgraphStreamOptions {
  schema: GraphQLSchema;
  feed: LiveFeed;
  /** The subgraph's bound on payloads executed at once, across all its streams. */
  gate: EventGate;
  log: Logger;
  /** The caller the gateway vouched for, verified once, when the stream opens (throws when forged). */
  viewerOf(req: IncomingMessage): Promise<Viewer>;
  /** The subgraph's request context: built afresh for every event, so no loader serves a cached row. */
  contextFor(req: IncomingMessage, viewer: Viewer): Promise<object>;
}

type StreamContext = { req: IncomingMessage; viewer: Viewer };

/**
 * `<subgraph>/graphql/stream`: GraphQL over Server-Sent Events (graphql-sse), how the gateway holds
 * a subscription open on the subgraph that owns it. SSE rather than WebSocket between gateway and
 * subgraph: one plain HTTP request per subscription, through the same host, body limits, identity
 * header and proxies as every other subgraph call, closed by closing the request.
 */
export function subgraphStreamRoute(options: SubgraphStreamOptions): Route {
  const { schema, feed, gate, contextFor } = options;
  const viewers = new WeakMap<IncomingMessage, Viewer>();
  const fresh = async (context: StreamContext) => Object.assign(await contextFor(context.req, context.viewer), { live: feed });
  const handler = createHandler<StreamContext>({
    schema,
    context: (req) => ({ req: req.raw, viewer: viewers.get(req.raw) as Viewer }),
    execute: async (args) => execute({ ...args, contextValue: await fresh(args.contextValue) } as ExecutionArgs),
    subscribe: async (args) => {
      const source = await createSourceEventStream({ ...args, contextValue: await fresh(args.contextValue) } as ExecutionArgs);
      if (!(Symbol.asyncIterator in source)) return source; // refused at subscribe: the errors, then the end
      // Each event is executed with its own context: the payload's fields read the owners' data as it is now.
      return mapEvents(source[Symbol.asyncIterator](), (payload) =>
        gate.run(async () => execute({ ...args, rootValue: payload, contextValue: await fresh(args.contextValue) } as ExecutionArgs)),
      );
    },
  });
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      viewers.set(req, await options.viewerOf(req));
    } catch (error) {
      sendJsonError(res, 401, 'UNAUTHENTICATED', error instanceof Error ? error.message : 'The forwarded identity is not valid');
      return;
    }
    await handler(req, res);
  };
}
