import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createGuildSubgraphServer, type GuildSubgraphServer } from '../bench/guild/subgraphServer';
import { guildQuery, guildSupergraph } from '../bench/guild/run';

/**
 * The Guild benchmark's subgraphs (bench/guild/): answers from memory after the first execution of a
 * query with its variables, the data their Rust subgraphs serve, and the benchmark's query answered
 * through a stock gateway with the values their k6 script checks.
 */
let subgraphs: GuildSubgraphServer;
let origin: string;

beforeAll(async () => {
  subgraphs = createGuildSubgraphServer();
  await new Promise<void>((resolve) => subgraphs.server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(subgraphs.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  subgraphs.server.closeAllConnections();
  await new Promise((resolve) => subgraphs.server.close(resolve));
});

async function postRaw(path: string, body: string) {
  const response = await fetch(`${origin}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, text: await response.text() };
}

const ENTITIES = 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { upc inStock shippingEstimate } } }';

describe('Guild benchmark subgraphs', () => {
  it('answers an _entities fetch once by executing it, then from memory with the same bytes', async () => {
    const body = JSON.stringify({ query: ENTITIES, variables: { representations: [{ __typename: 'Product', upc: '1', price: 899, weight: 100 }, { __typename: 'Product', upc: '2', price: 1299, weight: 1000 }] } });
    const executedBefore = subgraphs.counters.inventory.executed;
    const first = await postRaw('inventory', body);
    const second = await postRaw('inventory', body);
    expect(first.status).toBe(200);
    // inventory.rs resolves from its own record (no price or weight): the estimate is null, as their k6 check expects.
    expect(JSON.parse(first.text)).toEqual({ data: { _entities: [{ upc: '1', inStock: true, shippingEstimate: null }, { upc: '2', inStock: false, shippingEstimate: null }] } });
    expect(second.text).toBe(first.text);
    expect(subgraphs.counters.inventory.executed - executedBefore).toBe(1);
  });

  it('keys answers by query and variables: other variables execute again, the same ones serialized differently do not', async () => {
    const request = (upc: string) => ({ query: 'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { reviews { id } } } }', variables: { representations: [{ __typename: 'Product', upc }] } });
    const executedBefore = subgraphs.counters.reviews.executed;
    const table = await postRaw('reviews', JSON.stringify(request('1')));
    const spaced = await postRaw('reviews', JSON.stringify(request('1'), null, 2));
    const chair = await postRaw('reviews', JSON.stringify(request('4')));
    expect(JSON.parse(table.text).data._entities[0].reviews.map((r: { id: string }) => r.id)).toEqual(['1', '2', '3', '4']);
    expect(spaced.text).toBe(table.text);
    expect(JSON.parse(chair.text).data._entities[0].reviews.map((r: { id: string }) => r.id)).toEqual(['10', '11']);
    expect(subgraphs.counters.reviews.executed - executedBefore).toBe(2);
  });

  it('answers root fields with their data and never keeps an answer with errors', async () => {
    const users = await postRaw('accounts', JSON.stringify({ query: '{ users { id username } }' }));
    expect(JSON.parse(users.text).data.users.map((u: { username: string }) => u.username)).toEqual(['urigo', 'dotansimha', 'kamilkisiela', 'ardatan', 'gilgardosh', 'laurin']);
    const top = await postRaw('products', JSON.stringify({ query: '{ topProducts { upc name price weight } }' }));
    expect(JSON.parse(top.text).data.topProducts).toHaveLength(5);
    expect(JSON.parse(top.text).data.topProducts[1]).toEqual({ upc: '2', name: 'Couch', price: 1299, weight: 1000 });
    const { executed, errors } = subgraphs.counters.accounts;
    const bad = JSON.stringify({ query: '{ users { nope } }' });
    expect(JSON.parse((await postRaw('accounts', bad)).text).errors[0].message).toMatch(/nope/);
    await postRaw('accounts', bad);
    expect(subgraphs.counters.accounts.executed - executed).toBe(2);
    expect(subgraphs.counters.accounts.errors - errors).toBe(2);
  });

  it('refuses a body that is not a GraphQL request and a path that is not a subgraph', async () => {
    expect((await postRaw('accounts', '{not json')).status).toBe(400);
    expect((await postRaw('accounts', '{"variables":{}}')).status).toBe(400);
    expect((await postRaw('billing', '{"query":"{ users { id } }"}')).status).toBe(404);
    expect((await fetch(`${origin}/health`)).status).toBe(200);
  });

  it('gives a stock gateway everything the benchmark query needs: no errors, the values their k6 script checks', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: guildSupergraph(origin) });
    const server = new ApolloServer({ gateway });
    await server.start();
    try {
      const errorsBefore = Object.values(subgraphs.counters).reduce((sum, c) => sum + c.errors, 0);
      const response = await server.executeOperation({ query: guildQuery() });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = response.body.singleResult as { data: any; errors?: unknown[] };
      expect(errors).toBeUndefined();
      expect(Object.values(subgraphs.counters).reduce((sum, c) => sum + c.errors, 0)).toBe(errorsBefore);
      expect(data.users).toHaveLength(6);
      const review = data.users[0].reviews[0];
      expect(data.users[0]).toMatchObject({ id: '1', username: 'urigo', name: 'Uri Goldshtein' });
      expect(review.product).toMatchObject({ inStock: true, name: 'Table', price: 899, shippingEstimate: null, upc: '1', weight: 100 });
      expect(review.product.reviews[0].author).toMatchObject({ id: '1', username: 'urigo', name: 'Uri Goldshtein' });
      expect(data.topProducts.map((p: { name: string }) => p.name)).toEqual(['Table', 'Couch', 'Glass', 'Chair', 'TV']);
    } finally {
      await server.stop();
    }
  });
});
