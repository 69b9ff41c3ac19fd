import { parse } from 'graphql';
import type { DomainEvent } from '../../../common/events';
import type { GatewayContext } from '../../context';
import type { SubgraphAnswer } from '../../engine/request';
import { compilePlan } from '../../engine/compile';
import { entityCachePlanReport } from '../planReport';
import { schemas, schema, OWNED, entityFetch, mutationFetch, context, alice, bob, botForAlice, agent, CASES, ORDER_OF_CASE, PRICE, owner, newCache, customerRep, casesOf } from './fixtures';
import { MemoryGenerations } from './memoryGenerations';

test('a second read in the same scope is answered from the cache, only the missing representations sent, in order', async () => {
  const cache = newCache();
  const subgraph = owner(casesOf);
  const call = (reps: Record<string, unknown>[]) => cache.entities({ fetch: CASES, representations: reps, variables: {}, supergraphSchema: schema, context: alice, send: subgraph.send });
  await call([customerRep('CUS-A')]);
  const answer = await call([customerRep('CUS-X'), customerRep('CUS-A')]);
  expect(subgraph.sent).toEqual([[customerRep('CUS-A')], [customerRep('CUS-X')]]);
  expect(answer.data?._entities).toEqual([casesOf(customerRep('CUS-X')), casesOf(customerRep('CUS-A'))]);
  expect(cache.store.stats).toMatchObject({ hits: 1, misses: 2 });
});

test("customer A's cached entity never reaches customer B, nor a bot acting for A, whatever was cached first", async () => {
  const cache = newCache();
  const subgraph = owner(casesOf);
  const read = (who: GatewayContext) => cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: who, send: subgraph.send });
  await read(alice);
  await read(alice);
  expect(subgraph.sent).toHaveLength(1);
  await read(bob);
  await read(bob);
  // Bob is asked of the owner each time (the owner refuses him; a refusal is never kept).
  expect(subgraph.sent).toHaveLength(2);
  await read(botForAlice);
  await read(botForAlice);
  expect(subgraph.sent).toHaveLength(4);
});

test('an error for one entity is not kept; the others are', async () => {
  const cache = newCache();
  const sent: unknown[] = [];
  const send = async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
    sent.push(reps);
    return { data: { _entities: reps.map((rep) => (rep.id === 'CUS-B' ? null : casesOf(rep))) }, errors: reps.flatMap((rep, i) => (rep.id === 'CUS-B' ? [{ message: 'no', path: ['_entities', i] }] : [])) };
  };
  const call = () => cache.entities({ fetch: CASES, representations: [customerRep('CUS-A'), customerRep('CUS-B')], variables: {}, supergraphSchema: schema, context: alice, send });
  await call();
  const second = await call();
  expect(sent).toEqual([[customerRep('CUS-A'), customerRep('CUS-B')], [customerRep('CUS-B')]]);
  // The error's index is the representation's among all of them, not among those sent.
  expect(second.errors).toEqual([{ message: 'no', path: ['_entities', 1] }]);
});

test("without an access recorder, staff reads of a customer's records are never served from the cache (the owners log them); a clock field its owner gives no validUntil for neither", async () => {
  const cache = newCache();
  const subgraph = owner(casesOf);
  for (let i = 0; i < 2; i++) await cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: agent, send: subgraph.send });
  expect(subgraph.sent).toHaveLength(2);
  const prices = owner(() => ({ __typename: 'Product', price: { amount: '1.00' } }));
  for (let i = 0; i < 2; i++) await cache.entities({ fetch: PRICE, representations: [{ __typename: 'Product', sku: 'SKU-1' }], variables: {}, supergraphSchema: schema, context: alice, send: prices.send });
  expect(prices.sent).toHaveLength(2);
  expect(cache.bypassed).toBe(2);
});

const event = (type: string, payload: Record<string, unknown>): DomainEvent => ({ id: `e-${Math.random()}`, type, source: 'orders', occurredAt: new Date().toISOString(), payload });

test("an owner's event drops every entry holding an entity it names, also one held inside another's answer", async () => {
  const cache = newCache();
  const cases = owner(casesOf);
  const orders = owner((rep) => ({ __typename: 'Order', status: 'PLACED', customer: { id: 'CUS-A', name: 'Alice' } }));
  const readCases = () => cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: cases.send });
  const readOrder = () => cache.entities({ fetch: ORDER_OF_CASE, representations: [{ __typename: 'Order', number: 'O-9' }], variables: {}, supergraphSchema: schema, context: alice, send: orders.send });
  await readCases();
  await readOrder();
  // An order inside Alice's cases changes: her cases' entry goes (it names O-CUS-A), the order O-9's stays.
  expect(cache.invalidate(event('OrderCancelled', { orderNumber: 'O-CUS-A', customerId: 'CUS-OTHER' }))).toBe(1);
  await readCases();
  await readOrder();
  expect([cases.sent.length, orders.sent.length]).toEqual([2, 1]);
  // Alice herself changes: the order O-9's entry holds her (its customer), so it goes too.
  cache.invalidate(event('SupportCaseOpened', { caseNumber: 'C-2', customerId: 'CUS-A', orderNumber: null }));
  await readOrder();
  expect(orders.sent).toHaveLength(2);
});

test('an answer fetched while an entity in it was invalidated is not kept (the owner may have read it before the change)', async () => {
  const cache = newCache();
  let release!: () => void;
  const sent: unknown[] = [];
  const send = async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
    sent.push(reps);
    if (sent.length === 1) await new Promise<void>((resolve) => (release = resolve));
    return { data: { _entities: reps.map(casesOf) } };
  };
  const read = () => cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send });
  const first = read();
  await new Promise((resolve) => setImmediate(resolve));
  cache.invalidate(event('ReturnRequested', { orderNumber: 'O-1', customerId: 'CUS-A' }));
  release();
  await first;
  await read();
  expect(sent).toHaveLength(2);
  expect(cache.store.stats.staleStoresRefused).toBe(1);
});

test("a mutation sent through the gateway drops every entry of the types its events invalidate before its client hears back", async () => {
  const cache = newCache();
  const cases = owner(casesOf);
  const prices = owner(() => ({ __typename: 'Product', name: 'Kettle' }));
  const NAME = entityFetch('{ order(number: "1") { lines { product { name } } } }', 'pricing');
  await cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: cases.send });
  await cache.entities({ fetch: NAME, representations: [{ __typename: 'Product', sku: 'S' }], variables: {}, supergraphSchema: schema, context: alice, send: prices.send });
  cache.mutated(mutationFetch('mutation { cancelOrder(number: "1", reason: CUSTOMER_REQUEST) { status } }'), alice);
  await cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: cases.send });
  await cache.entities({ fetch: NAME, representations: [{ __typename: 'Product', sku: 'S' }], variables: {}, supergraphSchema: schema, context: alice, send: prices.send });
  // cancelOrder invalidates orders and customers: Alice's cases went; products stayed.
  expect([cases.sent.length, prices.sent.length]).toEqual([2, 1]);
});

test('the cache stays within its bytes, least recently used first', async () => {
  const cache = newCache({ maxBytes: 3_000 });
  const subgraph = owner(casesOf);
  for (let i = 0; i < 20; i++) {
    await cache.entities({ fetch: CASES, representations: [customerRep(`CUS-${i}`)], variables: {}, supergraphSchema: schema, context: alice, send: subgraph.send });
  }
  expect(cache.store.byteStats.bytes).toBeLessThanOrEqual(3_000);
  expect(cache.store.byteStats.evictions).toBeGreaterThan(0);
  // An evicted entry's index goes with it: invalidating it drops nothing.
  expect(cache.invalidate(event('ReturnRequested', { orderNumber: 'O-CUS-0', customerId: 'CUS-0' }))).toBe(0);
});

test('nothing is served before the owners\' events are heard', async () => {
  const cache = newCache();
  cache.setListening(false);
  const subgraph = owner(casesOf);
  for (let i = 0; i < 2; i++) await cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: subgraph.send });
  expect(subgraph.sent).toHaveLength(2);
});

test("with shared generations, a mutation through one replica is seen at once by another's cache, before any event", async () => {
  const generations = new MemoryGenerations();
  const replicaA = newCache({ generations });
  const replicaB = newCache({ generations });
  const cases = owner(casesOf);
  const readOnA = () => replicaA.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: cases.send });
  await readOnA();
  await readOnA();
  expect(cases.sent).toHaveLength(1);
  await replicaB.mutated(mutationFetch('mutation { cancelOrder(number: "1", reason: CUSTOMER_REQUEST) { status } }'), alice);
  await readOnA();
  expect(cases.sent).toHaveLength(2);
  // The new answer is kept under the new generations: served again.
  await readOnA();
  expect(cases.sent).toHaveLength(2);
});

test('when the shared generations cannot be read, every fetch goes to the owner', async () => {
  const generations = new MemoryGenerations();
  const cache = newCache({ generations });
  const cases = owner(casesOf);
  const read = () => cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: cases.send });
  await read();
  generations.down = true;
  await read();
  await read();
  expect(cases.sent).toHaveLength(3);
});

test('a type switched off, or a subgraph outside the cached ones (a foreign supergraph under `auto`), is never served from the cache', async () => {
  const withoutCustomers = newCache({ types: new Set(['Order', 'SupportCase', 'Notification', 'Product']) });
  const foreign = newCache({ subgraphs: new Set(['orders', 'pricing']) });
  for (const cache of [withoutCustomers, foreign]) {
    const cases = owner(casesOf);
    for (let i = 0; i < 2; i++) await cache.entities({ fetch: CASES, representations: [customerRep('CUS-A')], variables: {}, supergraphSchema: schema, context: alice, send: cases.send });
    expect(cases.sent).toHaveLength(2);
  }
});

test('staff are served from the cache what no owner logs (a product), in a scope of their own', async () => {
  const cache = newCache();
  const NAME = entityFetch('{ order(number: "1") { lines { product { name } } } }', 'pricing');
  const products = owner(() => ({ __typename: 'Product', name: 'Kettle' }));
  const read = (who: GatewayContext) => cache.entities({ fetch: NAME, representations: [{ __typename: 'Product', sku: 'S' }], variables: {}, supergraphSchema: schema, context: who, send: products.send });
  await read(agent);
  await read(agent);
  expect(products.sent).toHaveLength(1);
  await read(context({ role: 'agent', subject: 'agent-bea' }));
  expect(products.sent).toHaveLength(2);
});

test('npm run plan says which fetches a warm cache skips, and for whom', () => {
  const report = (query: string) => entityCachePlanReport(compilePlan(schemas, parse(query), undefined).plan.node, schema, OWNED);
  expect(report('{ order(number: "1") { lines { product { name price { amount { amount } } } } } }')).toEqual([
    'Fetch(service: "orders"): root fields, always sent',
    'Fetch(service: "pricing"): skipped when warm (until Product.price changes, as its owner says) for a customer; skipped for staff too',
  ]);
  expect(report('{ customer(id: "CUS-A") { supportCases { number } } }')[1]).toBe(
    'Fetch(service: "support"): skipped when warm for a customer; for staff too, once the owner has taken its access-log entries for it (else sent)',
  );
});
