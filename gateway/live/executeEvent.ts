import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Logger } from '../../common/logger';
import type { GatewayContext } from '../context';
import type { LivePlanner, SubscriptionPlan } from './livePlanner';

export interface EventExecution {
  planner: LivePlanner;
  plan: SubscriptionPlan;
  services: ServiceMap;
  /** One event's context: its identity freshly signed (a signed identity lives 60 s; a stream, hours). */
  context: GatewayContext;
  variables: Record<string, unknown>;
  query: string;
  log: Logger;
}

/**
 * One event, answered as a query would be: the plan's primary fetch is the event the owner sent
 * (its data already the owner's answer), and the rest of the plan runs against the other
 * subgraphs now, with stock executeQueryPlan. A subgraph that fails leaves its fields null with
 * SUBGRAPH_UNAVAILABLE, as in queries, and the stream goes on.
 */
export async function executeEvent(event: ExecutionResult, execution: EventExecution): Promise<ExecutionResult> {
  const { plan, planner } = execution;
  const primary = plan.primary;
  const owner = execution.services[primary.serviceName];
  // The owner's data source, answering the primary fetch with the event and anything else as usual.
  const eventSource: GraphQLDataSource = {
    process: (options) =>
      options.request.query === primary.operation
        ? Promise.resolve({ data: event.data ?? null, errors: event.errors as never })
        : owner.process(options),
  };
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: plan.rest ? { kind: 'Sequence', nodes: [primary, plan.rest] } : primary,
  };
  const requestContext = {
    request: { query: execution.query, variables: execution.variables },
    context: execution.context,
    logger: execution.log,
    metrics: {},
    operation: plan.operationContext.operation,
  };
  try {
    const result = await executeQueryPlan(
      queryPlan,
      { ...execution.services, [primary.serviceName]: eventSource },
      requestContext as never,
      plan.operationContext,
      planner.supergraphSchema,
      planner.apiSchema,
    );
    return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors as GraphQLError[] } : {}) };
  } catch (error) {
    execution.log.error({ err: error }, 'live event could not be executed');
    return { data: null, errors: [new GraphQLError('The event could not be resolved', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })] };
  }
}
