import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import { usageClient } from './client';
import type { UsageRecorder } from './recorder';

/**
 * Counts every operation the gateway executes for usage reporting: validated, and past the trusted-
 * documents list and the limits (a refused operation touched nothing). Once per operation, whatever
 * @defer sends after the first part. Persisted and trusted documents arrive here as the document they
 * stand for, so they count like any other.
 */
export function useUsageReporting(recorder: UsageRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ schema, document, operationName, contextValue }) {
          recorder.record({ schema, document, operationName, client: usageClient(contextValue.callerHeaders, contextValue.viewer) });
        },
      };
    },
  };
}
