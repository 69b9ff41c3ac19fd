import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { createHandler, type Response as SseResponse } from 'graphql-sse';
import { codeErrorBodies } from '../../common/codedErrorBodies';
import { ErrorCode, graphError } from '../../common/errors';
import { readBody, sendJsonError, type Route } from '../../common/http';
import { withBoundedErrors } from '../limits/errorEcho';
import type { LiveCaller, LiveGateway } from './liveGateway';
import { callerOf, prepareLive, subscribeWith, type CallerContext, type LiveEndpointOptions, type OperationContext } from './liveOperation';

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

/**
 * graphql-sse's own handler (not its node:http adapter, which reads the whole body whatever its
 * size): the body is read here as /graphql reads it, bounded by MAX_BODY_BYTES (413), and every
 * operation is checked by the gateway's entry limits before it is run.
 */
export function sseRoute(live: LiveGateway, contextOf: CallerContext, options: LiveEndpointOptions): SseRoute {
  const open = new Set<ServerResponse>();
  const callers = new WeakMap<IncomingMessage, LiveCaller | GraphQLError>();
  const callerFor = (req: IncomingMessage) => callers.get(req) ?? graphError(ErrorCode.UNAUTHENTICATED, 'No caller');
  const subscribe = subscribeWith(live, options.log);
  const handler = createHandler<IncomingMessage, undefined, OperationContext>({
    context: (req) => ({ caller: callerFor(req.raw) }),
    onSubscribe: (req, params) => {
      const prepared = prepareLive(live, params, options.limits);
      // A refusal is streamed like a refused caller's (one result with the coded errors, then complete):
      // graphql-sse takes a plain result from onSubscribe only when it has `data`.
      return Array.isArray(prepared) ? refusalStream(prepared) : { ...prepared, contextValue: { caller: callerFor(req.raw) } };
    },
    // Validated with the gateway's rules in onSubscribe (prepareOperation); graphql-js's own would throw on some documents.
    validate: () => [],
    onNext: (_ctx, _req, result) => withBoundedErrors(result),
    subscribe,
    execute: subscribe,
  });
  const route: Route = async (req, res) => {
    open.add(res);
    res.once('close', () => open.delete(res));
    if (!live.schema) {
      sendJsonError(res, 503, ErrorCode.SUBGRAPH_UNAVAILABLE, 'The gateway has not loaded its supergraph yet');
      return;
    }
    let body: Record<PropertyKey, unknown> | null = null;
    if (req.method === 'POST') {
      const read = await readBody(req, res, options.limits.maxBodyBytes, 0);
      if (!read.ok) return;
      body = read.body as Record<PropertyKey, unknown>;
    }
    callers.set(req, await callerOf(req, contextOf));
    codeErrorBodies(res); // graphql-sse's own refusals (a body that is not an object) carry no code
    const answer = await handler({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: { get: (name) => [req.headers[name] ?? []].flat().join('\n') || undefined },
      body,
      raw: req,
      context: undefined,
    });
    await write(res, answer);
  };
  return Object.assign(route, {
    dropStreams() {
      for (const res of open) res.destroy();
    },
  });
}

async function* refusalStream(errors: readonly GraphQLError[]): AsyncGenerator<ExecutionResult> {
  yield { errors };
}

/** graphql-sse's answer onto the response: a plain body, or the event stream until either side ends it. */
async function write(res: ServerResponse, [body, init]: SseResponse): Promise<void> {
  res.writeHead(init.status, init.statusText, init.headers);
  if (!body || typeof body === 'string') {
    await new Promise<void>((resolve) => res.end(body ?? undefined, () => resolve()));
    return;
  }
  const stop = () => void body.return(undefined);
  res.once('close', stop);
  try {
    for await (const chunk of body) {
      if (!res.writable) break;
      await new Promise<void>((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
    }
  } finally {
    res.off('close', stop);
  }
  if (res.writable) await new Promise<void>((resolve) => res.end(() => resolve()));
}
