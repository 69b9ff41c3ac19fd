import { usageClient, type UsageRecorder } from '../../usage';
import type { GatewayHook } from '../hook';

/** Records each operation that runs (its signature, client and schema coordinates) for usage-judged schema checks (gateway/usage/). */
export function useUsage(recorder: UsageRecorder): GatewayHook {
  return {
    name: 'usage',
    onExecute({ schema, document, operationName, context }) {
      recorder.record({ schema: schema!, document: document!, operationName, client: usageClient(context.callerHeaders, context.viewer) });
    },
  };
}
