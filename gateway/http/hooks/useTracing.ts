import { noteErrorsOnSpan, noteOperationOnSpan } from '../../../common/spans';
import type { GatewayHook } from '../hook';

/**
 * The request's server span (opened by the host around /graphql) names the operation and its
 * type, and fails with its errors' codes. Composed only when tracing is on at start.
 */
export function useTracing(): GatewayHook {
  return {
    name: 'tracing',
    onParams({ params }) {
      noteOperationOnSpan(params.operationName, undefined);
    },
    onOperation({ operationName, operation }) {
      noteOperationOnSpan(operationName, operation?.operation);
    },
    onErrors(_op, errors) {
      noteErrorsOnSpan(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')));
    },
  };
}
