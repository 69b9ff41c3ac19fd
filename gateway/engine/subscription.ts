import type { FetchNode, PlanNode } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
import type { CompiledPlan } from './compile';
import { executeNodeAndShape } from './execute';
import type { EngineRequest, SubgraphClient, SubgraphClients } from './request';

/** A subscription as the planner splits it: the fetch held open on the owner, and how each of its events is answered. */
export interface SubscriptionPlan {
  /** The fetch held open on the subgraph that owns the subscription field. */
  primary: FetchNode;
  /**
   * One event of the primary stream answered as a query would be: the event stands in for the
   * primary fetch's answer (its errors reported as any subgraph's: code kept, serviceName, path) and
   * the rest of the plan runs against the other subgraphs now, for the caller in `request.context`.
   */
  execute(event: ExecutionResult, request: EngineRequest): Promise<ExecutionResult>;
}

/** The executor's side of a planned subscription; `clients` is read per event (a new supergraph may move a subgraph). */
export function subscriptionPlan(compiled: CompiledPlan, clients: () => SubgraphClients): SubscriptionPlan {
  const node = compiled.plan.node;
  if (node?.kind !== 'Subscription') throw new Error('not a subscription plan');
  const { primary, rest } = node;
  const whole: PlanNode = rest ? { kind: 'Sequence', nodes: [primary, rest] } : primary;
  return {
    primary,
    execute: (event, request) => executeNodeAndShape(compiled, whole, withEvent(clients(), primary, event), request),
  };
}

/** The subgraphs' clients with the owner's answering the primary fetch with the event, and anything else as usual. */
function withEvent(clients: SubgraphClients, primary: FetchNode, event: ExecutionResult): SubgraphClients {
  const owner = clients[primary.serviceName];
  const eventSource: SubgraphClient = {
    fetch: (call) => (call.query === primary.operation ? Promise.resolve({ data: event.data ?? null, errors: event.errors }) : owner.fetch(call)),
  };
  return { ...clients, [primary.serviceName]: eventSource };
}
