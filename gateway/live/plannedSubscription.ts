import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import type { FetchNode } from '@apollo/query-planner';
import { GraphQLError, type DocumentNode, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../context';

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
  /** The document as text (what subgraph errors and logs quote). */
  query: string;
  variables: Record<string, unknown>;
  log: Logger;
}

/** Plans a subscription, or throws (a GraphQLError when it is the document's fault). */
export type SubscriptionPlanner = (request: PlanRequest) => PlannedSubscription;

/** The subgraphs' data sources with the owner's answering the primary fetch with the event, and anything else as usual. */
export function servicesWithEvent(services: ServiceMap, primary: FetchNode, event: ExecutionResult): ServiceMap {
  const owner = services[primary.serviceName];
  const eventSource: GraphQLDataSource = {
    process: (options) =>
      options.request.query === primary.operation ? Promise.resolve({ data: event.data ?? null, errors: event.errors as never }) : owner.process(options),
  };
  return { ...services, [primary.serviceName]: eventSource };
}

/** What an executor reads of Apollo Server's request context, for one event. */
export function eventRequestContext(request: PlanRequest, context: GatewayContext) {
  return {
    request: { query: request.query, variables: request.variables, operationName: request.operationName ?? undefined },
    document: request.document,
    operation: request.operation,
    operationName: request.operationName ?? null,
    context,
    logger: request.log,
    metrics: {},
  };
}

/** An event the gateway failed to answer (a bug, not a subgraph's failure): logged, and said to the subscriber, whose stream goes on. */
export function unresolved(log: Logger, error: unknown): ExecutionResult {
  log.error({ err: error }, 'live event could not be executed');
  return { data: null, errors: [new GraphQLError('The event could not be resolved', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
}
