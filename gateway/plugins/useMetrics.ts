import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { GatewayMetrics, RequestOutcome } from '../operability/metrics';

/** Counts every operation, its latency and its errors' codes in the gateway's Prometheus registry. */
export function useMetrics(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) metrics.error(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
        async willSendResponse(requestContext) {
          metrics.request(requestContext.operationName, outcomeOf(requestContext), (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** ok: no errors; partial: data beside errors (a subgraph down); error: no data. */
export function outcomeOf({ errors, response }: GraphQLRequestContextWillSendResponse<GatewayContext>): RequestOutcome {
  if (!errors?.length) return 'ok';
  const data = response.body.kind === 'single' ? response.body.singleResult.data : response.body.initialResult.data;
  return data ? 'partial' : 'error';
}
