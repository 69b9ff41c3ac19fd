import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerUnhandled, ensureRequestId, requestUrl, routeFor, sendJsonError, type Route, type RunningHost } from '../../common/http';
import type { Logger } from '../../common/logger';
import { inServerSpan, tracingEnabled } from '../../common/spans';
import type { GraphQLHandler } from './graphqlHandler';

export interface OwnHostOptions {
  port: number;
  host?: string;
  graphql: GraphQLHandler;
  routes: Record<string, Route>;
  log: Logger;
  /** How long stop() lets in-flight requests finish before closing their connections. */
  stopGracePeriodMs: number;
  /** After the HTTP server has drained (the engine stops). */
  onStopped?: () => Promise<void>;
}

/**
 * The gateway's HTTP host on its own request path: the routes beside /graphql (health, metrics,
 * MCP, console, SSE), then GraphQL over HTTP on /graphql (and /). An exception is logged with the
 * request id and answered 500, as the Apollo Server host does (common/http.ts).
 */
export async function serveOwnHost(options: OwnHostOptions): Promise<RunningHost> {
  const { routes, graphql, log } = options;
  const traced = tracingEnabled();
  let draining = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req);
    const route = routeFor(routes, url.pathname);
    if (route && (await route(req, res)) !== false) return;
    if (url.pathname !== '/graphql' && url.pathname !== '/') return sendJsonError(res, 404, 'NOT_FOUND', `No route ${url.pathname}`);
    if (traced) return inServerSpan(req, res, '/graphql', undefined, () => graphql(req, res, url));
    return graphql(req, res, url);
  };

  const httpServer = http.createServer((req, res) => {
    const requestId = ensureRequestId(req);
    // Stopping: answer what is in flight and let the client go elsewhere for the next request.
    if (draining) res.shouldKeepAlive = false;
    handle(req, res).catch((error: unknown) => answerUnhandled(log, req, res, requestId, error));
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    httpServer,
    stop: () =>
      (stopped ??= (async () => {
        draining = true;
        await drain(httpServer, options.stopGracePeriodMs);
        await options.onStopped?.();
      })()),
  };
}

/**
 * Refuses new connections, closes idle ones (again as in-flight requests finish), and after the
 * grace period closes whatever is left.
 */
function drain(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
