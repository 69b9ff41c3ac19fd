import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ErrorCode, graphError } from '../../common/errors';
import { boundedError, withBoundedErrors } from '../limits/errorEcho';
import type { LiveCaller, LiveGateway } from './liveGateway';
import { callerOf, prepareLive, subscribeWith, type CallerContext, type LiveEndpointOptions } from './liveOperation';

export interface WebSocketEndpoint {
  /** Closes every socket with 1001 (going away), which graphql-ws clients answer by reconnecting and resubscribing. */
  close(): Promise<void>;
}

/**
 * graphql-ws (the graphql-transport-ws protocol) on the /graphql path: an HTTP upgrade there is a
 * WebSocket, anything else stays plain HTTP. The token comes in the connection_init payload
 * (`{ authorization: "Bearer …" }`) or the upgrade request's Authorization header.
 *
 * A message larger than MAX_BODY_BYTES is refused by ws while it arrives (ws closes that socket
 * with 1009, before anything is buffered or parsed), connection_init included. A connection_init
 * without a token is accepted, as /graphql accepts an anonymous caller: each subscription is then
 * authorized field by field like any query. Every subscribe message is checked by the gateway's
 * entry limits; a refusal is an `error` message for that operation alone.
 */
export function serveWebSocket(httpServer: Server, live: LiveGateway, contextOf: CallerContext, heartbeatMs: number, options: LiveEndpointOptions): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.maxBodyBytes });
  const callers = new WeakMap<object, Promise<LiveCaller | GraphQLError>>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', withoutClientFrameErrors(ws), req));
  };
  httpServer.on('upgrade', onUpgrade);
  const subscribe = subscribeWith(live, options.log);
  const server = useServer(
    {
      onConnect: (ctx) => {
        const given = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const headers = { ...ctx.extra.request.headers };
        if (typeof given === 'string') headers.authorization = given;
        callers.set(ctx, callerOf({ headers } as IncomingMessage, contextOf));
        return true;
      },
      onSubscribe: (_ctx, _id, payload) => prepareLive(live, payload, options.limits),
      context: async (ctx) => ({ caller: (await callers.get(ctx)) ?? graphError(ErrorCode.UNAUTHENTICATED, 'No caller') }),
      onNext: (_ctx, _id, _payload, _args, result) => {
        const bounded = withBoundedErrors(result);
        return bounded === result ? undefined : { ...bounded, errors: bounded.errors?.map((error) => error.toJSON()) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => boundedError(error).toJSON()),
      subscribe,
      execute: subscribe,
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
