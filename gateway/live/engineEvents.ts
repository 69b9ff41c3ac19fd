import type { PlanNode } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLError } from 'graphql';
import type { EngineGateway } from '../engine/engineGateway';
import { executeFromData } from '../engine/execute';
import type { ServiceMap } from '../engine/fetch';
import { eventRequestContext, servicesWithEvent, unresolved, type SubscriptionPlanner } from './plannedSubscription';

/**
 * The default: subscriptions planned and cached by the gateway engine (the same plan cache as
 * queries, keyed apart), each event's rest of the plan run by the engine. The event is the primary
 * fetch's answer, so the owner's errors on it are reported as the engine reports any subgraph's
 * (code kept, serviceName, path), and the response is shaped as a query's would be.
 */
export function engineSubscriptions(engine: Pick<EngineGateway, 'plan'>, services: () => ServiceMap): SubscriptionPlanner {
  return (request) => {
    const operationName = request.operationName ?? undefined;
    const compiled = engine.plan(request.document, operationName, `subscription\0${operationName ?? ''}\0${request.query}`, request.query);
    const node = compiled.plan.node;
    if (node?.kind !== 'Subscription') throw new Error('not a subscription plan');
    const { primary, rest } = node;
    const whole: PlanNode = rest ? { kind: 'Sequence', nodes: [primary, rest] } : primary;
    return {
      primary,
      async execute(event, context) {
        try {
          const requestContext = eventRequestContext(request, context) as unknown as GatewayGraphQLRequestContext;
          const result = await executeFromData(compiled, whole, Object.create(null), servicesWithEvent(services(), primary, event), requestContext);
          return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors as GraphQLError[] } : {}) };
        } catch (error) {
          return unresolved(request.log, error);
        }
      },
    };
  };
}
