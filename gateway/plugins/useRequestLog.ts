import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../context';
import { requestStats } from '../operability/requestStats';

/**
 * One structured log line per operation: its request id (the one subgraphs log too), name,
 * duration, error count and codes, and how many subgraph fetches it took.
 */
export function useRequestLog(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, errors }) {
          if (!log.isLevelEnabled('info')) return;
          log.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? 'anonymous',
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              errors: errors?.length ?? 0,
              ...(errors?.length ? { errorCodes: errors.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') } : {}),
              subgraphFetches: requestStats(contextValue).subgraphFetches,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
