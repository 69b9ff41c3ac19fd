import type { OperationLimits } from '../../limits/operationLimits';
import { operationLimitsCheck } from '../../plugins/useOperationLimits';
import type { GatewayHook } from '../hook';

/** Depth, aliases, root fields and cost, checked after validation and before planning (gateway/limits/). */
export function useLimits(limits: OperationLimits): GatewayHook {
  const check = operationLimitsCheck(limits);
  return {
    name: 'limits',
    onOperation({ schema, document, operation, params }) {
      if (!operation) return; // useOperationResolution refuses it
      return check(schema!, document!, operation, params.variables);
    },
  };
}
