import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlan } from '@apollo/query-planner';

/** The query plan of each operation, as @apollo/query-planner builds it over the supergraph. */
export function plannerFor(supergraphPath: string) {
  const supergraph = Supergraph.build(readFileSync(supergraphPath, 'utf8'));
  const planner = new QueryPlanner(supergraph);
  return {
    plan(query: string, operationName?: string): QueryPlan {
      return planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query), { operationName }));
    },
  };
}

export interface PlannedFetch {
  subgraph: string;
  /** The operation the gateway sends that subgraph. */
  operation: string;
  /** An entity fetch (`_entities`) rather than a root field. */
  entities: boolean;
}

/** Every fetch of a plan, in plan order: the subgraph requests one execution makes when no list is empty. */
export function plannedFetches(plan: QueryPlan): PlannedFetch[] {
  const fetches: PlannedFetch[] = [];
  const visit = (node: PlanNode | undefined): void => {
    if (!node) return;
    switch (node.kind) {
      case 'Fetch':
        fetches.push({ subgraph: node.serviceName, operation: node.operation, entities: Boolean(node.requires) });
        return;
      case 'Flatten':
        return visit(node.node);
      case 'Sequence':
      case 'Parallel':
        return node.nodes.forEach(visit);
      case 'Condition':
        visit(node.ifClause);
        return visit(node.elseClause);
      default:
        // Defer and subscription nodes do not occur in the bench's operations.
        throw new Error(`unexpected plan node ${(node as { kind: string }).kind}`);
    }
  };
  if (plan.node?.kind === 'Subscription') throw new Error('subscriptions are not benchmarked');
  visit(plan.node);
  return fetches;
}
