import { operationFromDocument, type Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlannerConfig } from '@apollo/query-planner';
import type { OperationPlanner } from './planner';

/** How the engine plans: @defer support on (plans for @defer have Defer nodes; plans for anything else are unchanged, test/engine/). */
export const ENGINE_PLANNER_CONFIG = { incrementalDelivery: { enableDefer: true } } satisfies QueryPlannerConfig;

/**
 * Apollo's query planner (@apollo/query-planner, what stock @apollo/gateway plans with). It holds the
 * supergraph's whole federated query graph: one per supergraph is enough.
 */
export type ApolloPlanner = OperationPlanner & { readonly queryPlanner: QueryPlanner };

export function apolloPlanner(supergraph: Supergraph): ApolloPlanner {
  const queryPlanner = new QueryPlanner(supergraph, ENGINE_PLANNER_CONFIG);
  return {
    name: 'apollo',
    defers: true,
    queryPlanner,
    plan: (document, operationName) => queryPlanner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), document, { operationName })),
  };
}
