import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse, type GraphQLSchema } from 'graphql';
import { compose } from '../../common/composition';
import type { SubgraphCall, SubgraphClient } from '../../gateway/engine/request';

/**
 * Two in-memory subgraphs whose fields carry the federation spec's authorization and demand-control
 * directives (@authenticated, @requiresScopes, @policy, @cost, @listSize), as another team's might.
 * Each subgraph remembers the operations it was sent, so a test can see what was never asked for.
 */
const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@authenticated", "@requiresScopes", "@policy", "@cost", "@listSize"])`;

export const ACCOUNTS_SDL = `${LINK}
type Query {
  open: String
  me: User @authenticated
  user(id: ID!): User
  users(first: Int): [User!]! @listSize(slicingArguments: ["first"], assumedSize: 50) @cost(weight: 2)
  maybeUsers: [User]
  audit: [AuditEntry!] @policy(policies: [["staff"]])
  usersPage(first: Int, after: ID @cost(weight: 4)): UserPage @listSize(slicingArguments: ["first"], sizedFields: ["items"])
}
type UserPage { items: [User!]!, total: Int }
type User @key(fields: "id") {
  id: ID!
  name: String
  email: String @requiresScopes(scopes: [["read:email"], ["admin"]])
  ssn: String! @requiresScopes(scopes: [["read:pii"]])
  vault: Vault
}
type Vault @authenticated { code: String }
type AuditEntry @cost(weight: 7) { what: String }`;

export const REVIEWS_SDL = `${LINK}
type User @key(fields: "id") {
  id: ID!
  reviews(limit: Int): [Review!]! @listSize(slicingArguments: ["limit"], assumedSize: 20, requireOneSlicingArgument: false)
}
type Review { stars: Int @cost(weight: 5), note: String @authenticated }`;

const USERS = [
  { id: 'u1', name: 'Ada', email: 'ada@example.com', ssn: '111', vault: { code: 'v1' } },
  { id: 'u2', name: 'Bob', email: 'bob@example.com', ssn: '222', vault: { code: 'v2' } },
];

const RESOLVERS = {
  accounts: {
    Query: {
      open: () => 'open',
      me: () => USERS[0],
      user: (_: unknown, { id }: { id: string }) => USERS.find((user) => user.id === id) ?? null,
      users: () => USERS,
      maybeUsers: () => USERS,
      audit: () => [{ what: 'login' }],
      usersPage: (_: unknown, { first }: { first?: number }) => ({ items: USERS.slice(0, first ?? USERS.length), total: USERS.length }),
    },
    User: { __resolveReference: (ref: { id: string }) => USERS.find((user) => user.id === ref.id) },
  },
  reviews: {
    User: { reviews: (user: { id: string }) => [{ stars: user.id === 'u1' ? 5 : 3, note: 'fine' }] },
  },
};

export type DirectiveSubgraphName = keyof typeof RESOLVERS;

export function composeDirectiveGraph(urls: Partial<Record<DirectiveSubgraphName, string>> = {}): string {
  const result = compose([
    { name: 'accounts', url: urls.accounts ?? 'http://accounts.invalid/graphql', sdl: ACCOUNTS_SDL },
    { name: 'reviews', url: urls.reviews ?? 'http://reviews.invalid/graphql', sdl: REVIEWS_SDL },
  ]);
  if (!result.supergraphSdl) throw new Error(result.errors?.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

/** A subgraph answering in memory and keeping every operation it was sent. */
export class RecordingSubgraph implements SubgraphClient {
  readonly schema: GraphQLSchema;
  readonly received: string[] = [];

  constructor(readonly name: DirectiveSubgraphName) {
    const sdl = name === 'accounts' ? ACCOUNTS_SDL : REVIEWS_SDL;
    this.schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: RESOLVERS[name] as never });
  }

  async fetch(call: SubgraphCall) {
    this.received.push(call.query);
    const result = await graphql({ schema: this.schema, source: call.query, variableValues: call.variables, operationName: call.operationName });
    return JSON.parse(JSON.stringify(result));
  }
}
