import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context';
import { measureOperation, type OperationMeasure } from '../limits/measureOperation';
import { limitError, type OperationLimits } from '../limits/operationLimits';

/**
 * Refuses an operation that is too deep, too aliased, too wide at the root or too costly, after
 * parsing and validation and before the query is planned. A plugin rather than a validation rule:
 * Apollo Server rewrites a validation error's code to GRAPHQL_VALIDATION_FAILED, and clients should
 * see which limit they hit.
 */
export function useOperationLimits(limits: OperationLimits): ApolloServerPlugin<GatewayContext> {
  const check = operationLimitsCheck(limits);
  return {
    async requestDidStart() {
      let cost: CostExtension | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return; // no such operation: Apollo Server answers that itself
          const error = check(schema, document, operation, request.variables);
          if (error) throw error;
          if (wantsCost(request.extensions)) cost = costExtension(check.measure(schema, document, operation, request.variables), limits);
        },
        async willSendResponse({ response }) {
          if (cost && response.body.kind === 'single') response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
        },
      };
    },
  };
}

/**
 * The limits check of both request paths. Each hands every request with the same text the same
 * parsed document (a document cache), so an operation whose list sizes come from no variable is
 * measured once per document and schema, not on every request. One that reads a size from its
 * variables is measured each time.
 */
export function operationLimitsCheck(limits: OperationLimits) {
  // Keyed by the parsed operation: an entry goes when the document cache lets the document go.
  const measured = new WeakMap<OperationDefinitionNode, { schema: GraphQLSchema; measure: OperationMeasure }>();
  const measure = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): OperationMeasure => {
    const known = measured.get(operation);
    let found = known?.schema === schema ? known.measure : undefined;
    if (!found) {
      let sizedByVariables = false;
      found = measureOperation(schema, document, operation, variables, {
        defaultListSize: limits.defaultListSize,
        assumedListNesting: limits.assumedListNesting,
        onVariable: () => {
          sizedByVariables = true;
        },
      });
      if (!sizedByVariables) measured.set(operation, { schema, measure: found });
    }
    return found;
  };
  const check = (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): GraphQLError | undefined =>
    limitError(measure(schema, document, operation, variables), limits);
  return Object.assign(check, { measure });
}

/** What a client that sends `extensions: { cost: true }` gets back in the answer's extensions. */
export interface CostExtension {
  estimated: number;
  limit: number;
}

export function wantsCost(extensions: Record<string, unknown> | undefined): boolean {
  return extensions?.cost === true;
}

export function costExtension(measure: OperationMeasure, limits: OperationLimits): CostExtension {
  return { estimated: measure.cost, limit: limits.maxCost };
}
