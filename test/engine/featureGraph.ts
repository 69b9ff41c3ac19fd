import { composeServices } from '@apollo/composition';
import type { GraphQLDataSource } from '@apollo/gateway';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, GraphQLError, parse, type GraphQLSchema } from 'graphql';
import type { SubgraphCall, SubgraphClient } from '../../gateway/engine/request';

/**
 * A small supergraph of in-memory subgraphs using one Federation 2 feature or more each: entities
 * with several, compound and nested keys, @requires (with a field argument), @provides, @external,
 * @override (plain and progressive), @shareable, @inaccessible, @interfaceObject, an interface
 * entity, a union across subgraphs, lists of lists, errors in subgraphs and nulls crossing non-null
 * fields. The differential test runs its corpus through both engines on these subgraphs.
 */
const LINK = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

const USERS = [
  { id: 'u1', email: 'ada@example.com', name: 'Ada', secret: 's1', city: 'Leeds', zip: 'LS1' },
  { id: 'u2', email: 'bob@example.com', name: 'Bob', secret: 's2', city: null, zip: 'B2' },
  { id: 'u3', email: 'cy@example.com', name: null, secret: 's3', city: 'Cork', zip: null },
];
const PRODUCTS = [
  { upc: 'p1', sku: 'SKU-1', variant: 'v1', name: 'Kettle', price: 30, weight: 2, tags: ['home', 'kitchen'] },
  { upc: 'p2', sku: 'SKU-2', variant: 'v2', name: 'Lamp', price: 45, weight: 5, tags: [] },
  { upc: 'p3', sku: 'SKU-3', variant: 'v3', name: null, price: 12, weight: 1, tags: null },
  { upc: 'p4', sku: 'SKU-4', variant: 'v4', name: 'Broken', price: 99, weight: 9, tags: ['x'] },
];
const REVIEWS = [
  { id: 'r1', body: 'Great kettle', authorId: 'u1', upc: 'p1', rating: 5 },
  { id: 'r2', body: 'Dim lamp', authorId: 'u2', upc: 'p2', rating: 2 },
  { id: 'r3', body: null, authorId: 'u1', upc: 'p2', rating: 4 }, // body is String!: an error inside the subgraph
  { id: 'r4', body: 'Quick', authorId: 'u3', upc: 'p1', rating: 3 },
];
const MEDIA = [
  { id: 'm1', kind: 'Book', title: 'Dune' },
  { id: 'm2', kind: 'Movie', title: 'Alien' },
];

const accounts = {
  typeDefs: `${LINK(['@key', '@shareable', '@inaccessible', '@override'])}
    type Query { me: User, users: [User!]!, user(id: ID!): User, search(term: String = "a"): [SearchResult!]!, matrix: [[Int]]!, media: [Media!]!, brokenUser: User!, maybeUser: User }
    type User @key(fields: "id") @key(fields: "email") { id: ID!, email: String!, name: String @shareable, secret: String @inaccessible, address: Address, numberOfReviews: Int }
    type Address @shareable { city: String, zip: String }
    union SearchResult = User | Product
    type Product @key(fields: "upc", resolvable: false) { upc: String! }
    interface Media @key(fields: "id") { id: ID!, title: String }
    type Book implements Media @key(fields: "id") { id: ID!, title: String, pages: Int }
    type Movie implements Media @key(fields: "id") { id: ID!, title: String, minutes: Int }`,
  resolvers: {
    Query: {
      me: () => USERS[0],
      users: () => USERS,
      user: (_: unknown, { id }: { id: string }) => USERS.find((u) => u.id === id) ?? null,
      search: (_: unknown, { term }: { term: string }) => [...USERS.filter((u) => u.email.includes(term)), ...PRODUCTS.slice(0, 2).map((p) => ({ __typename: 'Product', upc: p.upc }))],
      matrix: () => [[1, 2], [], null, [3, null]],
      media: () => MEDIA,
      brokenUser: () => null,
      maybeUser: () => {
        throw new GraphQLError('accounts refused', { extensions: { code: 'FORBIDDEN' } });
      },
    },
    User: {
      __resolveReference: (ref: { id?: string; email?: string }) => USERS.find((u) => u.id === ref.id || u.email === ref.email) ?? null,
      address: (u: (typeof USERS)[number]) => ({ city: u.city, zip: u.zip }),
      numberOfReviews: () => -1, // overridden by reviews: never asked for
    },
    SearchResult: { __resolveType: (value: { __typename?: string }) => value.__typename ?? 'User' },
    Media: { __resolveReference: (ref: { id: string }) => MEDIA.find((m) => m.id === ref.id), __resolveType: (m: { kind: string }) => m.kind },
    Book: { __resolveReference: (ref: { id: string }) => MEDIA.find((m) => m.id === ref.id), pages: () => 412 },
    Movie: { __resolveReference: (ref: { id: string }) => MEDIA.find((m) => m.id === ref.id), minutes: () => 117 },
  },
};

const products = {
  typeDefs: `${LINK(['@key', '@shareable'])}
    type Query { topProducts(first: Int = 3): [Product!]!, product(upc: String!): Product }
    type Product @key(fields: "upc") @key(fields: "sku variant { id }") { upc: String!, sku: String!, variant: Variant!, name: String, price: Int, weight: Int, tags: [String!] }
    type Variant @shareable { id: ID! }`,
  resolvers: {
    Query: {
      topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first),
      product: (_: unknown, { upc }: { upc: string }) => PRODUCTS.find((p) => p.upc === upc) ?? null,
    },
    Product: {
      __resolveReference: (ref: { upc?: string; sku?: string }) => PRODUCTS.find((p) => p.upc === ref.upc || p.sku === ref.sku) ?? null,
      variant: (p: (typeof PRODUCTS)[number]) => ({ id: p.variant }),
    },
  },
};

const inventory = {
  typeDefs: `${LINK(['@key', '@shareable', '@external', '@requires'])}
    type Product @key(fields: "sku variant { id }") { sku: String!, variant: Variant!, price: Int @external, weight: Int @external,
      shippingEstimate: Int @requires(fields: "price weight"), delivery(zip: String!): String @requires(fields: "weight"), inStock: Boolean!, warehouse: String }
    type Variant @shareable { id: ID! }`,
  resolvers: {
    Product: {
      __resolveReference: (ref: { sku: string; price?: number; weight?: number }) => ref,
      shippingEstimate: (p: { price: number; weight: number }) => (p.price > 40 ? 0 : p.weight * 2),
      delivery: (p: { weight: number }, { zip }: { zip: string }) => `${zip}:${p.weight > 4 ? 'van' : 'post'}`,
      inStock: (p: { sku: string }) => (p.sku === 'SKU-4' ? null : p.sku !== 'SKU-2'), // SKU-4: null for a Boolean!
      warehouse: (p: { sku: string }) => (p.sku === 'SKU-3' ? null : `W-${p.sku}`),
    },
  },
};

const reviews = {
  typeDefs: `${LINK(['@key', '@shareable', '@external', '@provides', '@override', '@interfaceObject'])}
    type Query { reviews: [Review!]!, review(id: ID!): Review }
    type Subscription { reviewAdded: Review! }
    type Review @key(fields: "id") { id: ID!, body: String!, rating: Int!, author: User @provides(fields: "name"), product: Product }
    type User @key(fields: "id") { id: ID!, name: String @external, reviews: [Review!]!, numberOfReviews: Int @override(from: "accounts", label: "percent(100)") }
    type Product @key(fields: "upc") { upc: String!, reviews: [Review!], topReview: Review! }
    type Media @key(fields: "id") @interfaceObject { id: ID!, rating: Int, reviewers: [User] }`,
  resolvers: {
    Query: { reviews: () => REVIEWS, review: (_: unknown, { id }: { id: string }) => REVIEWS.find((r) => r.id === id) ?? null },
    // An event's payload as the owner would answer it: executing the subscription operation resolves the field once.
    Subscription: { reviewAdded: () => REVIEWS[0] },
    Review: {
      __resolveReference: (ref: { id: string }) => REVIEWS.find((r) => r.id === ref.id),
      author: (r: (typeof REVIEWS)[number]) => {
        const user = USERS.find((u) => u.id === r.authorId)!;
        return { id: user.id, name: user.name === null ? null : `${user.name} (as provided)` };
      },
      product: (r: (typeof REVIEWS)[number]) => ({ upc: r.upc }),
    },
    User: {
      reviews: (u: { id: string }) => REVIEWS.filter((r) => r.authorId === u.id),
      numberOfReviews: (u: { id: string }) => REVIEWS.filter((r) => r.authorId === u.id).length,
    },
    Product: {
      reviews: (p: { upc: string }) => (p.upc === 'p3' ? null : REVIEWS.filter((r) => r.upc === p.upc)),
      topReview: (p: { upc: string }) => {
        if (p.upc === 'p2') throw new GraphQLError('no top review for p2', { extensions: { code: 'NOT_FOUND' } });
        return REVIEWS.find((r) => r.upc === p.upc) ?? null;
      },
    },
    Media: {
      __resolveReference: (ref: { id: string }) => ref,
      rating: (m: { id: string }) => (m.id === 'm1' ? 4 : null),
      reviewers: () => [{ id: 'u1' }, { id: 'u9' }],
    },
  },
};

export const FEATURE_SUBGRAPHS = { accounts, products, inventory, reviews };
export type FeatureSubgraph = keyof typeof FEATURE_SUBGRAPHS;

export function composeFeatureGraph(): string {
  const result = composeServices(
    Object.entries(FEATURE_SUBGRAPHS).map(([name, s]) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(s.typeDefs) })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

/** A subgraph answering in memory, through JSON as over HTTP; `down` makes it fail as an unreachable one does. */
/** A subgraph answering in memory, to the stock gateway (a GraphQLDataSource) and to the engine (a SubgraphClient) alike. */
export class InMemorySubgraph implements GraphQLDataSource, SubgraphClient {
  private readonly schema: GraphQLSchema;
  down = false;
  delayMs = 0;
  /** performance.now() when this subgraph last answered. */
  answeredAt = 0;

  constructor(readonly name: FeatureSubgraph) {
    const { typeDefs, resolvers } = FEATURE_SUBGRAPHS[name];
    this.schema = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never });
  }

  process({ request }: Parameters<GraphQLDataSource['process']>[0]) {
    return this.answer(request.query!, request.variables, request.operationName);
  }

  fetch(call: SubgraphCall) {
    return this.answer(call.query, call.variables, call.operationName);
  }

  private async answer(query: string, variables: Record<string, unknown> | undefined, operationName: string | undefined) {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.down) throw new GraphQLError(`The ${this.name} subgraph is unavailable`, { extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.name } });
    const result = await graphql({ schema: this.schema, source: query, variableValues: variables, operationName });
    this.answeredAt = performance.now();
    return JSON.parse(JSON.stringify(result));
  }
}
