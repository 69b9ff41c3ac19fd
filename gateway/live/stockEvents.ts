import { executeQueryPlan, type ServiceMap } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { GraphQLError } from 'graphql';
import type { LivePlanner } from './livePlanner';
import { eventRequestContext, servicesWithEvent, unresolved, type SubscriptionPlanner } from './plannedSubscription';

/**
 * GATEWAY_ENGINE=stock: subscriptions planned by the live planner and each event's rest of the plan
 * run by stock executeQueryPlan. A subgraph that fails leaves its fields null with
 * SUBGRAPH_UNAVAILABLE, as in queries, and the stream goes on.
 */
export function stockSubscriptions(planner: LivePlanner, services: () => ServiceMap): SubscriptionPlanner {
  return (request) => {
    const plan = planner.plan(request.document, request.operationName);
    const { primary } = plan;
    const queryPlan: QueryPlan = { kind: 'QueryPlan', node: plan.rest ? { kind: 'Sequence', nodes: [primary, plan.rest] } : primary };
    return {
      primary,
      async execute(event, context) {
        try {
          const result = await executeQueryPlan(
            queryPlan,
            servicesWithEvent(services(), primary, event),
            eventRequestContext(request, context) as never,
            plan.operationContext,
            planner.supergraphSchema,
            planner.apiSchema,
          );
          return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors as GraphQLError[] } : {}) };
        } catch (error) {
          return unresolved(request.log, error);
        }
      },
    };
  };
}
