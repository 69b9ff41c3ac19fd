import type { Logger } from '../../../common/logger';
import { requestStats } from '../../operability/requestStats';
import type { GatewayHook } from '../hook';

/**
 * One structured log line per operation: its request id (the one subgraphs log too), name,
 * duration, error count and codes, and how many subgraph fetches it took.
 */
export function useAccessLog(log: Logger): GatewayHook {
  return {
    name: 'accessLog',
    onResponse(op) {
      if (!log.isLevelEnabled('info')) return;
      const errors = op.errors;
      log.info(
        {
          requestId: op.context.requestId,
          operation: op.operationName ?? 'anonymous',
          durationMs: Math.round((performance.now() - op.started) * 10) / 10,
          errors: errors?.length ?? 0,
          ...(errors?.length ? { errorCodes: errors.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') } : {}),
          subgraphFetches: requestStats(op.context).subgraphFetches,
        },
        'graphql request',
      );
    },
  };
}
