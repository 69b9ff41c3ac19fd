import type { GatewayMetrics, RequestOutcome } from '../../operability/metrics';
import type { GatewayHook, OperationExchange } from '../hook';

/** Counts every operation, its latency and its errors' codes in the gateway's Prometheus registry. */
export function useMetrics(metrics: GatewayMetrics): GatewayHook {
  return {
    name: 'metrics',
    onErrors(_op, errors) {
      for (const error of errors) metrics.error(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
    },
    onResponse(op) {
      metrics.request(op.operationName, outcomeOf(op), (performance.now() - op.started) / 1000);
    },
  };
}

/** ok: no errors; partial: data beside errors (a subgraph down); error: no data. */
function outcomeOf(op: OperationExchange): RequestOutcome {
  if (!op.errors?.length) return 'ok';
  return op.hasData ? 'partial' : 'error';
}
