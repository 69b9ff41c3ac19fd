import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { Engine } from '../../gateway/engine/engine';
import { EngineGateway } from '../../gateway/engine/engineGateway';
import type { PlannerName } from '../../gateway/engine/planners/planner';
import type { SubgraphClient } from '../../gateway/engine/request';

export interface TwoEngines {
  stock: ApolloServer;
  engine: ApolloServer;
  engineGateway: Engine;
  /** The same request through both: each answer as the JSON a client would receive. */
  both(query: string, variables?: Record<string, unknown>): Promise<{ stock: string; engine: string }>;
  stop(): Promise<void>;
}

/** One supergraph served twice over the same in-memory subgraphs: by stock @apollo/gateway and by the engine (planning with `planner`). */
export async function twoEngines(supergraphSdl: string, services: Record<string, GraphQLDataSource & SubgraphClient>, planner: PlannerName = 'apollo'): Promise<TwoEngines> {
  const engineGateway = new Engine({ supergraph: supergraphSdl, subgraph: ({ name }) => services[name], planCacheBytes: 1_000_000, planner });
  const options = { includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false } as const;
  const stock = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl, buildService: ({ name }) => services[name] }), ...options });
  const engine = new ApolloServer({ gateway: new EngineGateway(engineGateway), ...options });
  await Promise.all([stock.start(), engine.start()]);
  const run = async (server: ApolloServer, query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.stringify({ status: response.http.status ?? 200, ...response.body.singleResult });
  };
  return {
    stock,
    engine,
    engineGateway,
    both: async (query, variables) => ({ stock: await run(stock, query, variables), engine: await run(engine, query, variables) }),
    stop: async () => {
      await Promise.all([stock.stop(), engine.stop()]);
    },
  };
}
