import { ApolloServer } from '@apollo/server';
import type { SupergraphManager } from '@apollo/gateway';
import { getOperationAST, parse } from 'graphql';
import { Engine } from '../../gateway/engine/engine';
import { EngineGateway } from '../../gateway/engine/engineGateway';
import type { ApolloPlanner } from '../../gateway/engine/planners/apolloPlanner';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from './featureGraph';

/**
 * One query planner per supergraph: the engine loads the supergraph itself (a SupergraphManager,
 * the public interface supergraphSource.ts and IntrospectAndCompose implement), builds one planner
 * and one set of schemas from it, shared by queries and subscriptions, and a new supergraph swaps the
 * planner, the schemas and the compiled-plan cache (plans and shapers) together.
 */
describe('the one query planner of the engine', () => {
  const subgraphs = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((name) => [name, new InMemorySubgraph(name as FeatureSubgraph)])) as Record<FeatureSubgraph, InMemorySubgraph>;
  const first = composeFeatureGraph();
  const MATRIX = /\n\s*matrix: \[\[Int\]\]! @join__field\(graph: ACCOUNTS\)/;
  const withoutMatrix = first.replace(MATRIX, '');
  let reload: (supergraphSdl: string) => void = () => undefined;
  let cleanedUp = false;
  const manager: SupergraphManager = {
    async initialize({ update }) {
      reload = update;
      return { supergraphSdl: first, cleanup: async () => void (cleanedUp = true) };
    },
  };
  const engine = new Engine({ supergraph: manager, subgraph: ({ name }) => subgraphs[name as FeatureSubgraph], planCacheBytes: 1_000_000 });
  const server = new ApolloServer({ gateway: new EngineGateway(engine), includeStacktraceInErrorResponses: false, stopOnTerminationSignals: false });
  const run = async (query: string) => {
    const response = await server.executeOperation({ query });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  test('When a query and a subscription are planned, then both are planned by the one planner the supergraph was loaded with', async () => {
    const planner = engine.schemas!.planner as ApolloPlanner;
    expect(planner.queryPlanner.supergraph).toBe(engine.schemas!.supergraph);
    const planned: unknown[] = [];
    const plan = planner.plan.bind(planner);
    planner.plan = (document, operationName) => {
      planned.push(getOperationAST(document, operationName)?.operation);
      return plan(document, operationName);
    };
    try {
      expect(await run('{ matrix me { name } }')).toEqual({ data: { matrix: [[1, 2], [], null, [3, null]], me: { name: 'Ada' } } });
      const subscription = engine.planSubscription(parse('subscription { reviewAdded { id body } }'), undefined, 'subscription { reviewAdded { id body } }');
      expect(subscription.primary.serviceName).toBe('reviews');
    } finally {
      planner.plan = plan;
    }
    expect(planned).toEqual(['query', 'subscription']);
  });

  test('When a new supergraph arrives, then the planner, the schemas and the cache of plans and shapers are all swapped, and the new one is served', async () => {
    const before = { schemas: engine.schemas!, cache: engine.planCache! };
    const key = 'the same query hash';
    const document = parse('{ me { name } }');
    const planned = engine.plan(document, undefined, key);
    expect(engine.plan(document, undefined, key)).toBe(planned); // cached
    reload(withoutMatrix);
    const after = { schemas: engine.schemas!, cache: engine.planCache! };
    expect(after.schemas.planner).not.toBe(before.schemas.planner);
    expect((after.schemas.planner as ApolloPlanner).queryPlanner.supergraph).toBe(after.schemas.supergraph);
    expect(after.schemas.apiSchema).not.toBe(before.schemas.apiSchema);
    expect(after.cache).not.toBe(before.cache);
    expect(after.cache.stats).toEqual({ hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 });
    const replanned = engine.plan(document, undefined, key);
    expect(replanned).not.toBe(planned);
    expect(replanned.shape.schema).toBe(after.schemas.apiGraphQLSchema);
    expect((await run('{ matrix }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await run('{ me { name } }')).toEqual({ data: { me: { name: 'Ada' } } });
  });

  test('When a new supergraph does not build, then the manager is told (update throws) and the last good one keeps serving', async () => {
    const current = engine.schemas;
    expect(() => reload('this is not a supergraph')).toThrow();
    expect(engine.schemas).toBe(current);
    expect(await run('{ me { name } }')).toEqual({ data: { me: { name: 'Ada' } } });
  });

  test('When the engine stops, then the supergraph manager is told to clean up', async () => {
    const other = new Engine({ supergraph: manager, subgraph: ({ name }) => subgraphs[name as FeatureSubgraph], planCacheBytes: 1_000_000 });
    await other.start();
    cleanedUp = false;
    await other.stop();
    expect(cleanedUp).toBe(true);
  });

  test('When a new supergraph keeps the subgraphs where they were, then their clients (and pooled connections) are kept too', async () => {
    let update: (sdl: string) => void = () => undefined;
    const made: string[] = [];
    const other = new Engine({
      supergraph: { initialize: async (options) => ((update = options.update), { supergraphSdl: first }) },
      subgraph: ({ name }) => (made.push(name), subgraphs[name as FeatureSubgraph]),
      planCacheBytes: 1_000_000,
    });
    await other.start();
    expect(made.sort()).toEqual(Object.keys(FEATURE_SUBGRAPHS).sort());
    update(withoutMatrix);
    expect(made).toHaveLength(Object.keys(FEATURE_SUBGRAPHS).length);
    update(first.replace(/(@join__graph\(name: "reviews", url: ")[^"]*"/, '$1http://elsewhere.example/graphql"'));
    expect(made.filter((name) => name === 'reviews')).toHaveLength(2);
  });

  test('When a schema-change listener fails, then it is logged and the new supergraph is taken up all the same', async () => {
    const errors: string[] = [];
    const other = new Engine({ supergraph: first, subgraph: ({ name }) => subgraphs[name as FeatureSubgraph], planCacheBytes: 1_000_000, log: { error: (_details, message) => void errors.push(message) } });
    other.onSchemaChange(() => {
      throw new Error('listener broke');
    });
    await other.start();
    expect(errors).toEqual(['a listener failed to take up the new supergraph']);
    expect(other.apiSchema).toBeDefined();
  });
});
