import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getOperationAST, type OperationTypeNode } from 'graphql';

/**
 * Refuses, as the client's mistake, a document whose operation cannot be run: an operation name
 * that names none of its operations (or none given among several), or an operation type the
 * schema has no root for (a subscription before the graph has any). Apollo Server leaves both to
 * its executor; @apollo/gateway's executor throws a plain error for them (answered 500), and
 * graphql-js's, in a subgraph, one without a code (answered INTERNAL_SERVER_ERROR).
 */
export function useOperationResolution<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) {
            const name = request.operationName;
            const message = name
              ? `Unknown operation named "${name}".`
              : getOperationAST(document) === null && document.definitions.length > 1
                ? 'Must provide operation name if query contains multiple operations.'
                : 'Must provide an operation.';
            throw clientError(message, 'OPERATION_RESOLUTION_FAILURE');
          }
          if (!schema.getRootType(operation.operation as OperationTypeNode)) {
            throw clientError(`This graph has no ${operation.operation} operations.`, 'GRAPHQL_VALIDATION_FAILED');
          }
          // Subscriptions have endpoints of their own (graphql-sse, graphql-ws); Apollo Server's
          // executor cannot run one, and @apollo/gateway's answered a plain POST of one with a 500.
          if (operation.operation === 'subscription') {
            throw clientError('Subscriptions are served over /graphql/stream (graphql-sse) or a WebSocket on /graphql (graphql-ws), not a plain request.', 'BAD_REQUEST');
          }
        },
      };
    },
  };
}

function clientError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
