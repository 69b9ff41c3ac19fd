import { operationResolutionError } from '../../../common/operationResolution';
import type { GatewayHook } from '../hook';

/** An operation that cannot run here (not found, no such root, a subscription) is the client's mistake (common/operationResolution.ts). */
export function useOperationResolution(): GatewayHook {
  return {
    name: 'operationResolution',
    onOperation: ({ schema, document, operation, params }) => operationResolutionError(schema!, document!, operation, params.operationName),
  };
}
