import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { EngineGateway, engineApolloGateway } from '../../gateway/engine/engineGateway';

export interface TwoEngines {
  stock: ApolloServer;
  engine: ApolloServer;
  engineGateway: EngineGateway;
  /** The same request through both: each answer as the JSON a client would receive. */
  both(query: string, variables?: Record<string, unknown>): Promise<{ stock: string; engine: string }>;
  stop(): Promise<void>;
}

/** One supergraph served twice over the same subgraph data sources: by stock @apollo/gateway and by the engine. */
export async function twoEngines(supergraphSdl: string, services: Record<string, GraphQLDataSource>): Promise<TwoEngines> {
  const config = { supergraphSdl, buildService: ({ name }: { name: string }) => services[name] };
  const engineGateway = new EngineGateway(engineApolloGateway(config), { planCacheBytes: 1_000_000, services: () => services });
  const options = { includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false } as const;
  const stock = new ApolloServer({ gateway: new ApolloGateway(config), ...options });
  const engine = new ApolloServer({ gateway: engineGateway, ...options });
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
