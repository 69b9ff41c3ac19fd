import { sendJson, type Route } from '../../common/http';
import { processMetricsText } from '../../common/processMetrics';
import type { GatewayMetrics } from './metrics';
import type { ReadinessProbe } from './readiness';

/** `/health/live`, `/health/ready` and (when metrics are on) `/metrics`. */
export function operabilityRoutes(readiness: ReadinessProbe, metrics?: GatewayMetrics): Record<string, Route> {
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
  return routes;
}
