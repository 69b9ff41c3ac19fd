import { parse, print } from 'graphql';
import { Engine } from '../../gateway/engine/engine';
import { PLANNER_NAMES } from '../../gateway/engine/planners/planner';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from './featureGraph';

/**
 * One live path (#29): a subscription is planned by the engine's one planner, and each event of its
 * primary stream answered by the engine's executor, the event standing in for the primary fetch and
 * the rest of the plan fetched from the other subgraphs, shaped as a query's answer would be; with
 * either planner (Hive's plans a subscription as a sequence: converted in planners/hivePlan.ts).
 */
describe.each(PLANNER_NAMES.map((planner) => [planner]))('subscription events run by the engine (%s planner)', (planner) => {
  const subgraphs = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((name) => [name, new InMemorySubgraph(name as FeatureSubgraph)])) as Record<FeatureSubgraph, InMemorySubgraph>;
  const engine = new Engine({ supergraph: composeFeatureGraph(), subgraph: ({ name }) => subgraphs[name as FeatureSubgraph], planCacheBytes: 1_000_000, planner });
  const SELECTION = '{ id body product { name upc } author { name } }';
  const document = parse(`subscription Added { reviewAdded ${SELECTION} }`);
  beforeAll(() => engine.start());

  const event = async () => {
    const plan = engine.planSubscription(document, 'Added', print(document));
    // What the owner's stream would send: its answer to the primary fetch.
    const payload = await subgraphs.reviews.fetch({ query: plan.primary.operation, variables: {}, path: [] });
    return { plan, payload };
  };

  test('When an event arrives, then the other subgraphs add their fields and the answer is shaped as the same query would be', async () => {
    const { plan, payload } = await event();
    expect(plan.primary.serviceName).toBe('reviews');
    const result = await plan.execute(payload, { document, operationName: 'Added', variables: {} });
    const query = await engine.execute({ document: parse(`{ review(id: "r1") ${SELECTION} }`) });
    expect(result).toEqual({ data: { reviewAdded: { id: 'r1', body: 'Great kettle', product: { name: 'Kettle', upc: 'p1' }, author: { name: 'Ada (as provided)' } } } });
    expect(JSON.stringify((query as { data: { review: unknown } }).data.review)).toBe(JSON.stringify(result.data!.reviewAdded));
  });

  test('When another subgraph is down at an event, then its fields are null with its error and the rest is answered', async () => {
    const { plan, payload } = await event();
    subgraphs.products.down = true;
    try {
      const result = await plan.execute(payload, { document, operationName: 'Added', variables: {} });
      expect(result.data).toEqual({ reviewAdded: { id: 'r1', body: 'Great kettle', product: { name: null, upc: 'p1' }, author: { name: 'Ada (as provided)' } } });
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'products' } });
    } finally {
      subgraphs.products.down = false;
    }
  });

  test('When the same subscription is planned again, then the plan comes from the cache queries use', async () => {
    await event();
    const before = { ...engine.planCache!.stats };
    await event();
    expect(engine.planCache!.stats.hits).toBe(before.hits + 1);
    expect(engine.planCache!.stats.misses).toBe(before.misses);
  });
});
