import { buildServedSupergraph } from '../authz/supportedFeatures';
import type { EngineSchemas } from './compile';
import { createPlanner, type PlannerName } from './planners/planner';

export { ENGINE_PLANNER_CONFIG } from './planners/apolloPlanner';

/** A subgraph of the supergraph: its name and the URL the supergraph gives it (@join__graph). */
export interface SupergraphSubgraph {
  name: string;
  url?: string;
}

/**
 * Everything the engine derives from one supergraph SDL, built once per supergraph load and shared
 * by queries, mutations, @defer and subscriptions: the supergraph (`Supergraph.build`, gateway/authz/supportedFeatures.ts), its API
 * schema, the graphql-js schemas documents are validated and introspected against, and one
 * query planner, Apollo's or Hive's (planners/; each holds the supergraph's whole query graph: one is enough).
 */
export function loadSupergraph(supergraphSdl: string, plannerName: PlannerName = 'apollo'): { schemas: EngineSchemas; subgraphs: SupergraphSubgraph[] } {
  // The SECURITY features enforced by gateway/authz are accepted; any other SECURITY or EXECUTION feature is refused.
  const supergraph = buildServedSupergraph(supergraphSdl);
  const planner = createPlanner(plannerName, supergraph, supergraphSdl);
  const apiSchema = supergraph.apiSchema(); // cached by the supergraph: the planner's own
  // @defer is declared, so a deferred fragment passes validation.
  const apiGraphQLSchema = apiSchema.toGraphQLJSSchema({ includeDefer: true });
  // What Apollo Server reads as the gateway's name (the adapter in engineGateway.ts).
  apiGraphQLSchema.extensions = { ...apiGraphQLSchema.extensions, apollo: { gateway: { version: 'engine' } } };
  const schemas: EngineSchemas = { supergraph, apiSchema, apiGraphQLSchema, supergraphSchema: supergraph.schema.toGraphQLJSSchema(), planner };
  const subgraphs = [...supergraph.subgraphs().values()].map(({ name, url }) => ({ name, url: url || undefined }));
  return { schemas, subgraphs };
}
