import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { compose, SUPERGRAPH_PATH } from '../../common/composition';
import { settingNamed } from '../../gateway/config/keys';
import { loadSupergraph } from '../../gateway/engine/loadedSupergraph';
import { readCostDirectives } from '../../gateway/limits/directiveCost';
import { measureOperation, type MeasureOptions } from '../../gateway/limits/measureOperation';
import { limitError } from '../../gateway/limits/operationLimits';
import { composeDirectiveGraph } from './directiveGraph';

/**
 * The operation cost limit on supergraphs that are not the project's: @cost and @listSize where a
 * supergraph declares them, and a static default that lets an ordinary nested query pass.
 */
const DEFAULTS = {
  maxDepth: settingNamed('MAX_DEPTH').default as number,
  maxAliases: settingNamed('MAX_ALIASES').default as number,
  maxRootFields: settingNamed('MAX_ROOT_FIELDS').default as number,
  maxCost: settingNamed('MAX_COST').default as number,
  defaultListSize: settingNamed('DEFAULT_LIST_SIZE').default as number,
  assumedListNesting: settingNamed('ASSUMED_LIST_NESTING').default as number,
};

function measurer(supergraphSdl: string) {
  const { schemas } = loadSupergraph(supergraphSdl);
  const costDirectives = readCostDirectives(schemas.supergraph);
  return (query: string, options: Partial<MeasureOptions> = {}, variables?: Record<string, unknown>) => {
    const document = parse(query);
    return measureOperation(schemas.apiGraphQLSchema, document, getOperationAST(document)!, variables, { ...DEFAULTS, costDirectives, ...options });
  };
}

describe('@cost and @listSize', () => {
  const measure = measurer(composeDirectiveGraph());

  test('When a list field has @listSize slicing arguments and @cost, then the slice given sizes it and the weight replaces 1', () => {
    expect(measure('{ users(first: 3) { id } }').cost).toBe(2 + 3 * 1);
    expect(measure('query($n: Int) { users(first: $n) { id } }', {}, { n: 40 }).cost).toBe(2 + 40);
  });

  test('When no slicing argument is given and one is not required, then assumedSize sizes the list; a scalar @cost weighs each item', () => {
    expect(measure('{ users(first: 2) { reviews { stars } } }').cost).toBe(2 + 2 * (1 + 20 * 5));
    expect(measure('{ users(first: 2) { reviews(limit: 1) { stars } } }').cost).toBe(2 + 2 * (1 + 1 * 5));
  });

  test('When requireOneSlicingArgument is left true and the operation gives no slicing argument, then it is refused naming the field', () => {
    const measured = measure('{ users { id } }');
    expect(measured.slicingProblem).toMatch(/Query\.users needs exactly one of its slicing arguments \(first\), got 0/);
    expect(limitError(measured, DEFAULTS)?.extensions.code).toBe('SLICING_ARGUMENT_REQUIRED');
  });

  test('When @listSize names sizedFields, then the slice sizes those child lists, not the field; an argument with @cost adds its weight', () => {
    expect(measure('{ usersPage(first: 7) { total items { id name } } }').cost).toBe(1 + 1 * (1 + (1 + 7 * 2)));
    expect(measure('{ usersPage(first: 7, after: "u1") { total } }').cost).toBe(1 + 4 + 1);
  });

  test('When a type has @cost, then every field returning it weighs that', () => {
    expect(measure('{ audit { what } }').cost).toBe(7 + 10 * 1);
  });
});

/**
 * The Guild's federation benchmark graph (accounts, inventory, products, reviews), in the shape its
 * subgraphs have, and the query its benchmark sends: users → reviews → product → reviews → author …
 */
const FED = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';
const BENCHMARK = [
  { name: 'accounts', sdl: `${FED}\ntype Query { me: User user(id: ID!): User users: [User] }\ntype User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }` },
  { name: 'inventory', sdl: `${FED}\ntype Product @key(fields: "upc") { upc: String! weight: Int @external price: Int @external inStock: Boolean shippingEstimate: Int @requires(fields: "price weight") }` },
  { name: 'products', sdl: `${FED}\ntype Query { topProducts(first: Int = 5): [Product] }\ntype Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }` },
  {
    name: 'reviews',
    sdl: `${FED}\ntype Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }\ntype User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }\ntype Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
  },
].map((subgraph) => ({ ...subgraph, url: `http://${subgraph.name}.invalid/graphql` }));
const BENCHMARK_QUERY = `
fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`;

describe('the static default, on a foreign supergraph', () => {
  const measure = measurer(compose(BENCHMARK).supergraphSdl!);

  test("When the Guild benchmark's ordinary nested query is measured with the default limits, then it is within them (every list assumed 10 long at every level made it 102,927)", () => {
    expect(measure(BENCHMARK_QUERY, { assumedListNesting: Infinity }).cost).toBe(102_927);
    const measured = measure(BENCHMARK_QUERY);
    expect(measured.cost).toBe(7_527);
    expect(limitError(measured, DEFAULTS)).toBeUndefined();
  });

  test('When lists of assumed size nest past ASSUMED_LIST_NESTING, then deeper ones count one item, while sizes the operation gives still multiply', () => {
    // users (10) → reviews (10) → product.reviews counts 1.
    expect(measure('{ users { reviews { product { reviews { id } } } } }').cost).toBe(1 + 10 * (1 + 10 * (1 + 1 + 1 * 1)));
    expect(measure('{ topProducts(first: 100) { reviews { author { reviews { product { reviews { id } } } } } } }').cost).toBe(
      1 + 100 * (1 + 10 * (1 + 1 + 10 * (1 + 1 + 1 * 1))),
    );
  });
});

describe('the bombs the default limits stop', () => {
  test("When 200 ids ask for nested lists of the project's graph, then the default limits still refuse it (the assumed lists nest only two deep)", () => {
    const measure = measurer(readFileSync(SUPERGRAPH_PATH, 'utf8'));
    const ids = Array.from({ length: 200 }, (_, i) => `C-${i}`);
    const measured = measure('query Costly($ids: [ID!]!) { customers(ids: $ids) { orders { lines { quantity } } } }', {}, { ids });
    expect(measured.cost).toBe(1 + 200 * (1 + 10 * (1 + 10)));
    expect(limitError(measured, DEFAULTS)?.extensions.code).toBe('COST_LIMIT_EXCEEDED');
  });
});
