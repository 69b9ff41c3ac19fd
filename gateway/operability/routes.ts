import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sendJson, sendJsonError, type Route } from '../../common/http';
import { processMetricsText } from '../../common/processMetrics';
import type { GatewayMetrics } from './metrics';
import type { ReadinessProbe } from './readiness';

/**
 * `/health/live`, `/health/ready` and (when metrics are on) `/metrics`. With a token (OPS_TOKEN) each
 * answers only `Authorization: Bearer <token>`: 401 otherwise, before anything is probed or rendered.
 */
export function operabilityRoutes(readiness: ReadinessProbe, metrics?: GatewayMetrics, token?: string): Record<string, Route> {
  const routes: Record<string, Route> = {
    '/health/live': (_req, res) => sendJson(res, 200, { status: 'live' }),
    '/health/ready': async (_req, res) => {
      const state = await readiness.check();
      sendJson(res, state.ready ? 200 : 503, { status: state.ready ? 'ready' : 'not ready', ...state });
    },
  };
  if (metrics) {
    routes['/metrics'] = async (_req, res) => {
      // The process's plumbing (dead letters, persisted-query store) after the gateway's own metrics.
      const body = `${await metrics.registry.metrics()}\n${await processMetricsText()}`;
      res.statusCode = 200;
      res.setHeader('content-type', metrics.registry.contentType);
      res.end(body);
    };
  }
  if (!token) return routes;
  const expected = digest(token);
  return Object.fromEntries(
    Object.entries(routes).map(([path, route]): [string, Route] => [
      path,
      (req, res) => {
        const given = bearerDigest(req);
        if (given && timingSafeEqual(given, expected)) return route(req, res);
        res.setHeader('www-authenticate', 'Bearer realm="operations"');
        return sendJsonError(res, 401, 'UNAUTHENTICATED', `${path} needs Authorization: Bearer <OPS_TOKEN>`);
      },
    ]),
  );
}

/** Compared as digests: equal lengths whatever was sent, so the comparison takes the same time. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function bearerDigest(req: IncomingMessage): Buffer | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? '').trim());
  return match ? digest(match[1]) : undefined;
}
