import { CORPUS } from './corpus';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from './featureGraph';
import { twoEngines, type TwoEngines } from './engines';

/**
 * Differential test of the engine: every query of the corpus goes through stock @apollo/gateway and
 * through our engine on the same in-memory subgraphs; the answers (status, data, errors with
 * messages, paths and codes, extensions, key order) must be the same JSON, byte for byte.
 */
describe('the engine against stock @apollo/gateway on the Federation 2 feature graph', () => {
  const subgraphs = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((name) => [name, new InMemorySubgraph(name as FeatureSubgraph)])) as Record<FeatureSubgraph, InMemorySubgraph>;
  let engines: TwoEngines;
  beforeAll(async () => {
    engines = await twoEngines(composeFeatureGraph(), subgraphs);
  });
  afterAll(() => engines.stop());

  test.each(CORPUS.map((c) => [c.name, c] as const))('When the query "%s" runs on both, then the answers are identical', async (_name, c) => {
    if (c.down) subgraphs[c.down].down = true;
    try {
      const { stock, engine } = await engines.both(c.query, c.variables);
      expect(engine).toBe(stock);
      expect('errors' in JSON.parse(engine)).toBe(c.errors);
    } finally {
      if (c.down) subgraphs[c.down].down = false;
    }
  });

  test('When the corpus has run, then each operation was planned once and answered from the plan cache after', async () => {
    const before = { ...engines.engineGateway.planCache!.stats };
    await engines.both(CORPUS[0].query);
    const after = engines.engineGateway.planCache!.stats;
    expect(after.hits).toBe(before.hits + 1);
    expect(after.misses).toBe(before.misses);
    expect(after.bytes).toBeGreaterThan(0);
  });
});
