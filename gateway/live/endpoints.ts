import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import { codeErrorBodies } from '../../common/codedErrorBodies';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ErrorCode, graphError } from '../../common/errors';
import { sendJsonError, type Route } from '../../common/http';
import type { GatewayContext } from '../context';
import type { LiveCaller, LiveGateway } from './liveGateway';

/** Builds a caller's gateway context from request headers; throws a coded GraphQLError for a bad token. */
export type CallerContext = (req: IncomingMessage) => Promise<GatewayContext>;

type OperationContext = { caller: LiveCaller | GraphQLError };

/** The caller and when their token stops being accepted (the token verifier's own judgement), or the error that refuses them. */
async function callerOf(req: IncomingMessage, contextOf: CallerContext): Promise<LiveCaller | GraphQLError> {
  try {
    const context = await contextOf(req);
    return { context, expiresAt: context.credentialExpiresAt };
  } catch (error) {
    return error instanceof GraphQLError ? error : graphError(ErrorCode.UNAUTHENTICATED, 'The caller could not be identified');
  }
}

/** Both transports subscribe alike: a refused caller gets the coded error, anyone else the live graph. */
function subscribeWith(live: LiveGateway) {
  return (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> | ExecutionResult => {
    const { caller } = args.contextValue as OperationContext;
    if (caller instanceof GraphQLError) return { errors: [caller] };
    return live.subscribe({ document: args.document, operationName: args.operationName, variables: args.variableValues, caller });
  };
}

function schemaOf(live: LiveGateway) {
  const schema = live.schema;
  if (!schema) throw new Error('the supergraph is not loaded yet');
  return schema;
}

/**
 * GET/POST /graphql/stream: GraphQL over Server-Sent Events (graphql-sse, both its distinct
 * connections and single connection modes). Authorization: the same bearer token as /graphql.
 */
export interface SseRoute extends Route {
  /**
   * Drops every open stream's connection without completing it: graphql-sse clients take a
   * completion as the end of the subscription and a dropped connection as a reason to reconnect
   * (to another replica, when this one is stopping).
   */
  dropStreams(): void;
}

export function sseRoute(live: LiveGateway, contextOf: CallerContext): SseRoute {
  const open = new Set<ServerResponse>();
  const callers = new WeakMap<IncomingMessage, LiveCaller | GraphQLError>();
  const handler = createHandler<OperationContext>({
    schema: () => schemaOf(live),
    context: (req) => ({ caller: callers.get(req.raw) ?? graphError(ErrorCode.UNAUTHENTICATED, 'No caller') }),
    subscribe: subscribeWith(live),
    execute: subscribeWith(live),
  });
  const route: Route = async (req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    if (!live.schema) {
      sendJsonError(res, 503, ErrorCode.SUBGRAPH_UNAVAILABLE, 'The gateway has not loaded its supergraph yet');
      return;
    }
    const caller = await callerOf(req, contextOf);
    callers.set(req, caller);
    codeErrorBodies(res); // graphql-sse's own refusals (a body that is not JSON) carry no code
    await handler(req, res);
  };
  return Object.assign(route, {
    dropStreams() {
      for (const res of open) res.destroy();
    },
  });
}

export interface WebSocketEndpoint {
  /** Closes every socket with 1001 (going away), which graphql-ws clients answer by reconnecting and resubscribing. */
  close(): Promise<void>;
}

/**
 * graphql-ws (the graphql-transport-ws protocol) on the /graphql path: an HTTP upgrade there is a
 * WebSocket, anything else stays plain HTTP. The token comes in the connection_init payload
 * (`{ authorization: "Bearer …" }`) or the upgrade request's Authorization header.
 */
export function serveWebSocket(httpServer: Server, live: LiveGateway, contextOf: CallerContext, heartbeatMs: number): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true });
  const callers = new WeakMap<object, Promise<LiveCaller | GraphQLError>>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', withoutClientFrameErrors(ws), req));
  };
  httpServer.on('upgrade', onUpgrade);
  const server = useServer(
    {
      schema: () => schemaOf(live),
      onConnect: (ctx) => {
        const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const headers = { ...ctx.extra.request.headers };
        if (typeof given === 'string') headers.authorization = given;
        callers.set(ctx, callerOf({ headers } as IncomingMessage, contextOf));
        return true;
      },
      context: async (ctx) => ({ caller: (await callers.get(ctx)) ?? graphError(ErrorCode.UNAUTHENTICATED, 'No caller') }),
      subscribe: subscribeWith(live),
      execute: subscribeWith(live),
    },
    wss,
    heartbeatMs,
  );
  return {
    async close() {
      httpServer.off('upgrade', onUpgrade);
      await server.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * A client's malformed frames (ws's `WS_ERR_*` errors: bad opcode, unmasked, reserved bits, too
 * big) are not passed on. ws has already closed the socket with the code that says why (1002,
 * 1009); graphql-ws would print each to stderr with a stack as an "internal error" and close it
 * again as 1011, so any client could fill the log with garbage.
 */
export function withoutClientFrameErrors<T extends { emit(event: string | symbol, ...args: any[]): boolean }>(ws: T): T {
  const emit = ws.emit.bind(ws);
  ws.emit = (event: string | symbol, ...args: any[]) =>
    event === 'error' && String((args[0] as { code?: unknown } | undefined)?.code).startsWith('WS_ERR_') ? false : emit(event, ...args);
  return ws;
}
