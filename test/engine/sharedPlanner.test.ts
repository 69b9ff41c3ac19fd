import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { EngineGateway, engineApolloGateway } from '../../gateway/engine/engineGateway';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from './featureGraph';

/**
 * One query planner per supergraph: the engine plans with the planner the stock gateway it wraps has
 * built (a planner holds the supergraph's whole query graph), and a new supergraph swaps the planner,
 * the schemas and the compiled-plan cache (plans and shapers) together.
 */
describe('the query planner the engine shares with @apollo/gateway', () => {
  const subgraphs = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((name) => [name, new InMemorySubgraph(name as FeatureSubgraph)])) as Record<FeatureSubgraph, InMemorySubgraph>;
  const first = composeFeatureGraph();
  const MATRIX = /\n\s*matrix: \[\[Int\]\]! @join__field\(graph: ACCOUNTS\)/;
  const withoutMatrix = first.replace(MATRIX, '');
  let reload: (supergraphSdl: string) => void = () => undefined;
  const stock = engineApolloGateway({
    supergraphSdl: async ({ update }) => {
      reload = update;
      return { supergraphSdl: first };
    },
    buildService: ({ name }) => subgraphs[name as FeatureSubgraph],
  });
  const engine = new EngineGateway(stock, { planCacheBytes: 1_000_000, services: () => subgraphs });
  const server = new ApolloServer({ gateway: engine, includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false });
  const run = async (query: string) => {
    const response = await server.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  test('When the gateway comes from engineApolloGateway, then the engine plans with the planner the gateway built, not one of its own', async () => {
    expect(withoutMatrix).not.toBe(first);
    const planner = stock.__testing().queryPlanner;
    expect(planner).toBeDefined();
    expect(engine.schemas?.planner).toBe(planner);
    expect(engine.schemas?.supergraph).toBe(planner?.supergraph);
    expect(await run('{ matrix me { name } }')).toEqual({ data: { matrix: [[1, 2], [], null, [3, null]], me: { name: 'Ada' } } });
  });

  test('When a new supergraph arrives, then the planner, the schemas and the cache of plans and shapers are all swapped, and the new one is served', async () => {
    const before = { schemas: engine.schemas!, cache: engine.planCache! };
    const key = 'the same query hash';
    const document = parse('{ me { name } }');
    const planned = engine.plan(document, undefined, key);
    expect(engine.plan(document, undefined, key)).toBe(planned); // cached
    reload(withoutMatrix);
    const after = { schemas: engine.schemas!, cache: engine.planCache! };
    expect(after.schemas.planner).toBe(stock.__testing().queryPlanner);
    expect(after.schemas.planner).not.toBe(before.schemas.planner);
    expect(after.schemas.apiSchema).not.toBe(before.schemas.apiSchema);
    expect(after.cache).not.toBe(before.cache);
    expect(after.cache.stats).toEqual({ hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 });
    const replanned = engine.plan(document, undefined, key);
    expect(replanned).not.toBe(planned);
    expect(replanned.shape.schema).toBe(after.schemas.apiSchema);
    expect(replanned.operation.schema()).toBe(after.schemas.apiSchema);
    expect((await run('{ matrix }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await run('{ me { name } }')).toEqual({ data: { me: { name: 'Ada' } } });
  });

  test('When the gateway was not made by engineApolloGateway, then the engine builds a planner of its own and still answers', async () => {
    const plain = new ApolloGateway({ supergraphSdl: first, buildService: ({ name }) => subgraphs[name as FeatureSubgraph] });
    const own = new EngineGateway(plain, { planCacheBytes: 1_000_000, services: () => subgraphs });
    const other = new ApolloServer({ gateway: own, includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false });
    await other.start();
    try {
      expect(own.schemas?.planner).toBeDefined();
      expect(own.schemas?.planner).not.toBe(plain.__testing().queryPlanner);
      const response = await other.executeOperation({ query: '{ me { name } }' });
      expect(response.body.kind === 'single' && response.body.singleResult).toEqual({ data: { me: { name: 'Ada' } } });
    } finally {
      await other.stop();
    }
  });
});
