import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse, type GraphQLSchema } from 'graphql';
import { compose } from '../../common/composition';
import { Engine } from '../../gateway/engine/engine';
import type { EngineResult, SubgraphCall, SubgraphClient } from '../../gateway/engine/request';
import { CORPUS } from './corpus';
import { composeFeatureGraph, FEATURE_SUBGRAPHS, InMemorySubgraph, type FeatureSubgraph } from './featureGraph';

/**
 * The engine planning with the Hive Router's planner (gateway/engine/planners/): what its plans have
 * that Apollo's do not, executed. The differential corpus (differential.test.ts) checks its answers
 * against stock on the feature graph; here, the parts of a Hive plan that corpus must keep exercising,
 * a @requires with an argument (the case Apollo's planner gets wrong), and @defer answered in one.
 */
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])';
const PRICES = `${LINK}
type Query { products: [Product!]! }
type Product @key(fields: "upc") { upc: ID! price(currency: String!): Int! weight: Int! }`;
const SHIPPING = `${LINK}
type Product @key(fields: "upc") {
  upc: ID!
  price(currency: String!): Int! @external
  weight: Int! @external
  shippingEstimate: Int! @requires(fields: "price(currency: \\"USD\\") weight")
}`;
const CATALOGUE = [{ upc: 'p1', usd: 10, weight: 3 }, { upc: 'p2', usd: 4, weight: 5 }];

class Subgraph implements SubgraphClient {
  private readonly schema: GraphQLSchema;
  constructor(typeDefs: string, resolvers: object) {
    this.schema = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never });
  }
  async fetch(call: SubgraphCall) {
    return JSON.parse(JSON.stringify(await graphql({ schema: this.schema, source: call.query, variableValues: call.variables })));
  }
}

const prices = new Subgraph(PRICES, {
  Query: { products: () => CATALOGUE },
  Product: {
    __resolveReference: (ref: { upc: string }) => CATALOGUE.find((p) => p.upc === ref.upc),
    price: (p: { usd: number }, { currency }: { currency: string }) => (currency === 'USD' ? p.usd : p.usd * 2),
  },
});
// The estimate is computed from what the representation brings: the USD price the @requires names.
const shipping = new Subgraph(SHIPPING, {
  Product: { __resolveReference: (ref: object) => ref, shippingEstimate: (p: { price: number; weight: number }) => p.price * p.weight },
});

function requiresGraph(): string {
  const result = compose([
    { name: 'prices', sdl: PRICES, url: 'http://prices.invalid/graphql' },
    { name: 'shipping', sdl: SHIPPING, url: 'http://shipping.invalid/graphql' },
  ]);
  if (!result.supergraphSdl) throw new Error(`composition failed: ${result.errors?.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

describe("the engine with Hive's planner", () => {
  test('When a @requires names a field with an argument the query asks with another, then the representation carries the required value under its own name', async () => {
    const engine = new Engine({ supergraph: requiresGraph(), subgraph: ({ name }) => (name === 'prices' ? prices : shipping), planCacheBytes: 1_000_000, planner: 'hive' });
    await engine.start();
    const document = parse('{ products { upc price(currency: "EUR") shippingEstimate } }');
    // Hive fetches price(currency: "USD") under a made-up alias and sends it as `price` (hivePlan.ts: withAliasRenames).
    expect(JSON.stringify(engine.plan(document, undefined).plan)).toContain('"kind":"KeyRenamer"');
    expect(await engine.execute({ document })).toEqual({
      data: { products: [{ upc: 'p1', price: 20, shippingEstimate: 30 }, { upc: 'p2', price: 8, shippingEstimate: 20 }] },
    });
  });

  describe('on the feature graph', () => {
    const subgraphs = Object.fromEntries(Object.keys(FEATURE_SUBGRAPHS).map((name) => [name, new InMemorySubgraph(name as FeatureSubgraph)])) as Record<FeatureSubgraph, InMemorySubgraph>;
    const engine = new Engine({ supergraph: composeFeatureGraph(), subgraph: ({ name }) => subgraphs[name as FeatureSubgraph], planCacheBytes: 1_000_000, planner: 'hive' });
    beforeAll(() => engine.start());
    const planOf = (name: string) => JSON.stringify(engine.plan(parse(CORPUS.find((c) => c.name === name)!.query), undefined).plan);

    test('When the corpus plans its batched cases, a union and an @interfaceObject, then the plans have a BatchFetch, a type-conditioned path and a rewrite for the differential test to check', () => {
      expect(planOf("one subgraph reached from two paths (one batched fetch with Hive's planner)")).toContain('"kind":"BatchFetch"');
      expect(planOf("one subgraph reached at two depths (batched with Hive's planner)")).toContain('"kind":"BatchFetch"');
      expect(planOf('union across subgraphs with fragments')).toMatch(/"\|\[\w+(,\w+)*\]"/);
      expect(planOf('@interfaceObject field through the interface')).toContain('"kind":"ValueSetter"');
    });

    test('When a client that accepts incremental delivery sends @defer, then the answer comes in one part, the whole of it', async () => {
      const query = (deferred: string) => `{ me { id ...${deferred} { reviews { rating product { name } } } } }`;
      const deferred: EngineResult = await engine.execute({ document: parse(query(' @defer(label: "later")')), incremental: true });
      const whole = await engine.execute({ document: parse(query('')) });
      expect('initial' in deferred).toBe(false);
      expect(deferred).toEqual(whole);
      expect(JSON.stringify(whole)).toContain('"rating"');
    });
  });
});
