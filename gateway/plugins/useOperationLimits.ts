import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import { measureOperation } from '../limits/measureOperation';
import { limitError, type OperationLimits } from '../limits/operationLimits';

/**
 * Refuses an operation that is too deep, too aliased, too wide at the root or too costly, after
 * parsing and validation and before the query is planned. A plugin rather than a validation rule:
 * Apollo Server rewrites a validation error's code to GRAPHQL_VALIDATION_FAILED, and clients should
 * see which limit they hit.
 */
export function useOperationLimits(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // no such operation: Apollo Server answers that itself
          const measure = measureOperation(schema, document, operation, request.variables, limits);
          const error = limitError(measure, limits);
          if (error) throw error;
        },
      };
    },
  };
}
