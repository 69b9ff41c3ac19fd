import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import { INVENTORY, PRODUCTS, REVIEWS, REVIEWS_OF_EVERY_USER, REVIEWS_USERNAME, REVIEW_AUTHOR, USERS, type GuildInventoryItem, type GuildReview } from './data';

/**
 * The four subgraphs of The Guild's federation benchmark: their schemas (Federation 1 style, as the
 * async-graphql subgraphs of graphql-hive/graphql-gateways-benchmark declare them; MIT, Copyright (c)
 * 2023 The Guild, see LICENSE-guild.md) and resolvers over data.ts that behave as theirs do. They run
 * only on a request no answer is kept for yet (subgraphServer.ts), so their speed does not matter.
 */
export type GuildSubgraphName = 'accounts' | 'inventory' | 'products' | 'reviews';
export const GUILD_SUBGRAPHS: GuildSubgraphName[] = ['accounts', 'inventory', 'products', 'reviews'];

const byId = <T>(items: T[], key: (item: T) => string) => new Map(items.map((item) => [key(item), item]));
const users = byId(USERS, (u) => u.id);
const products = byId(PRODUCTS, (p) => p.upc);
const inventory = byId(INVENTORY, (i) => i.upc);
const reviews = byId(REVIEWS, (r) => r.id);

const accounts = buildSubgraphSchema({
  typeDefs: parse(`
    type User @key(fields: "id") { id: ID! name: String username: String birthday: Int }
    extend type Query { me: User user(id: ID!): User users: [User] }
  `),
  resolvers: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, { id }: { id: string }) => users.get(id) ?? null,
      users: () => USERS,
    },
    User: { __resolveReference: ({ id }: { id: string }) => users.get(id) ?? null },
  },
});

const inventorySchema = buildSubgraphSchema({
  typeDefs: parse(`
    extend type Product @key(fields: "upc") {
      upc: String! @external
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }
  `),
  resolvers: {
    Product: {
      // inventory.rs resolves the entity by its upc alone, from its own record (see data.ts).
      __resolveReference: ({ upc }: { upc: string }) => inventory.get(upc) ?? null,
      shippingEstimate: ({ price, weight }: GuildInventoryItem) => {
        if (price === null) return null;
        if (price > 1000) return 0;
        return weight === null ? null : Math.trunc(weight / 2);
      },
    },
  },
});

const productsSchema = buildSubgraphSchema({
  typeDefs: parse(`
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }
    extend type Query { topProducts(first: Int = 5): [Product] }
  `),
  resolvers: {
    Query: { topProducts: (_: unknown, { first }: { first: number | null }) => PRODUCTS.slice(0, Math.max(0, first ?? 5)) },
    Product: { __resolveReference: ({ upc }: { upc: string }) => products.get(upc) ?? null },
  },
});

const reviewsSchema = buildSubgraphSchema({
  typeDefs: parse(`
    type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
    extend type User @key(fields: "id") { id: ID! @external username: String @external reviews: [Review] }
    extend type Product @key(fields: "upc") { upc: String! @external reviews: [Review] }
  `),
  resolvers: {
    Review: {
      __resolveReference: ({ id }: { id: string }) => reviews.get(id) ?? null,
      product: (review: GuildReview) => ({ upc: review.productUpc }),
      author: () => REVIEW_AUTHOR,
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => ({ id, username: REVIEWS_USERNAME }),
      reviews: () => REVIEWS_OF_EVERY_USER,
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
      reviews: ({ upc }: { upc: string }) => REVIEWS.filter((review) => review.productUpc === upc),
    },
  },
});

export const GUILD_SCHEMAS: Record<GuildSubgraphName, GraphQLSchema> = {
  accounts,
  inventory: inventorySchema,
  products: productsSchema,
  reviews: reviewsSchema,
};
