import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, getOperationAST, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type OperationTypeNode } from 'graphql';

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
          const refused = operationResolutionError(schema, document, operation, request.operationName);
          if (refused) throw refused;
        },
      };
    },
  };
}

/** Why the operation resolved from `document` cannot run (the gateway's own request path shares it); undefined: it can. */
export function operationResolutionError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  name: string | undefined | null,
): GraphQLError | undefined {
  if (!operation) {
    const message = name
      ? `Unknown operation named "${name}".`
      : getOperationAST(document) === null && document.definitions.length > 1
        ? 'Must provide operation name if query contains multiple operations.'
        : 'Must provide an operation.';
    return clientError(message, 'OPERATION_RESOLUTION_FAILURE');
  }
  if (!schema.getRootType(operation.operation as OperationTypeNode)) {
    return clientError(`This graph has no ${operation.operation} operations.`, 'GRAPHQL_VALIDATION_FAILED');
  }
  // Subscriptions have endpoints of their own (graphql-sse, graphql-ws); Apollo Server's
  // executor cannot run one, and @apollo/gateway's answered a plain POST of one with a 500.
  if (operation.operation === 'subscription') {
    return clientError('Subscriptions are served over /graphql/stream (graphql-sse) or a WebSocket on /graphql (graphql-ws), not a plain request.', 'BAD_REQUEST');
  }
  return undefined;
}

function clientError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}
