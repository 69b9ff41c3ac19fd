import type { FetchNode } from '@apollo/query-planner';
import { GraphQLError, type DocumentNode, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../context';
import type { Engine } from '../engine/engine';

/** A subscription as planned: the fetch held open on the owner, and how each of its events is answered. */
export interface PlannedSubscription {
  primary: FetchNode;
  /**
   * One event of the primary stream answered as a query would be: the event stands in for the
   * primary fetch and the rest of the plan runs against the other subgraphs now, for the caller
   * whose identity `context` carries.
   */
  execute(event: ExecutionResult, context: GatewayContext): Promise<ExecutionResult>;
}

export interface PlanRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName?: string | null;
  /** The document as text (the plan cache's key). */
  query: string;
  variables: Record<string, unknown>;
  log: Logger;
}

/**
 * Plans a subscription with the gateway engine (the planner, schemas, plan cache and executor of
 * queries), or throws (a GraphQLError when it is the document's fault). Each event's rest of the
 * plan is run by the engine, so a subgraph that fails leaves its fields null with its error, as in
 * queries, and the stream goes on.
 */
export function planSubscription(engine: Pick<Engine, 'planSubscription'>, request: PlanRequest): PlannedSubscription {
  const operationName = request.operationName ?? undefined;
  const plan = engine.planSubscription(request.document, operationName, request.query);
  return {
    primary: plan.primary,
    async execute(event, context) {
      try {
        const result = await plan.execute(event, { document: request.document, operationName, variables: request.variables, context, log: request.log });
        return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) };
      } catch (error) {
        return unresolved(request.log, error);
      }
    },
  };
}

/** An event the gateway failed to answer (a bug, not a subgraph's failure): logged, and said to the subscriber, whose stream goes on. */
export function unresolved(log: Logger, error: unknown): ExecutionResult {
  log.error({ err: error }, 'live event could not be executed');
  return { data: null, errors: [new GraphQLError('The event could not be resolved', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
}
