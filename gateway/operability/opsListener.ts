import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestUrl, sendJsonError, type Route } from '../../common/http';
import type { Logger } from '../../common/logger';

export interface OpsListener {
  /** e.g. http://127.0.0.1:8088 */
  origin: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The operations listener (OPS_PORT): the health and metrics routes alone, on a port the public
 * listener does not share. It stays up while the gateway drains, so /health/ready says 503 until the end.
 */
export async function startOpsListener(routes: Record<string, Route>, port: number, host: string, log: Logger): Promise<OpsListener> {
  const server = http.createServer((req, res) => {
    const route = routes[requestUrl(req).pathname];
    const answered = route ? Promise.resolve(route(req, res)) : Promise.resolve(false);
    answered
      .then((result) => {
        if (result === false) sendJsonError(res, 404, 'NOT_FOUND', `No route ${requestUrl(req).pathname} on the operations port: /health/live, /health/ready, /metrics`);
      })
      .catch((error: unknown) => {
        log.error({ err: error, path: req.url?.split('?')[0] }, 'operations request failed with an exception');
        if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
        else res.destroy();
      });
  });
  // Probes and scrapers keep connections open; closing must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    origin: `http://${shownHost}:${bound}`,
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
