import type { OperationLimits } from '../../limits/operationLimits';
import { costExtension, operationLimitsCheck, wantsCost } from '../../plugins/useOperationLimits';
import type { GatewayHook } from '../hook';

/** Depth, aliases, root fields and cost, checked after validation and before planning (gateway/limits/). */
export function useLimits(limits: OperationLimits): GatewayHook {
  const check = operationLimitsCheck(limits);
  return {
    name: 'limits',
    onOperation(op) {
      const { schema, document, operation, params } = op;
      if (!operation) return; // useOperationResolution refuses it
      const refused = check(schema!, document!, operation, params.variables);
      if (!refused && wantsCost(params.extensions)) {
        op.responseExtensions = { ...op.responseExtensions, cost: costExtension(check.measure(schema!, document!, operation, params.variables), limits) };
      }
      return refused;
    },
  };
}
