import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import type { GatewayContext } from '../../context';
import { compilePlan } from '../../engine/compile';
import type { SubgraphAnswer } from '../../engine/request';
import type { EntityCache } from '../entityCache';
import { entityCachePlanReport } from '../planReport';
import { agent, alice, bob, mutationFetch, newCache, OWNED, schema, schemas } from './fixtures';
import { MemoryGenerations } from './memoryGenerations';

/** The plan's first fetch: the root fetch of a query. */
function rootFetch(query: string): FetchNode {
  let node = compilePlan(schemas, parse(query), undefined).plan.node as PlanNode;
  while (node.kind === 'Sequence') node = node.nodes[0];
  if (node.kind !== 'Fetch') throw new Error(`expected a root fetch, got ${node.kind}`);
  return node;
}

const ORDER = rootFetch('query Order($n: ID!) { order(number: $n) { number status } }');
const ORDER_WITHOUT_KEY = rootFetch('query Order($n: ID!) { order(number: $n) { status } }');

/** Orders answering `order(number:)`: `numberAs` is what it says the number is (as its key field shows it). */
function orders(numberAs: (asked: string) => string | undefined = (asked) => asked) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    send: (variables: Record<string, unknown>) => async (): Promise<SubgraphAnswer> => {
      calls += 1;
      const number = numberAs(String(variables.n));
      return { data: { order: { ...(number === undefined ? {} : { number }), status: 'PLACED' } } };
    },
  };
}

function reader(cache: EntityCache, owner: ReturnType<typeof orders>, fetch = ORDER) {
  return (number: string, who: GatewayContext = alice) =>
    cache.root({ fetch, variables: { n: number }, supergraphSchema: schema, context: who, send: owner.send({ n: number }) });
}

test('a keyed root read is answered from the cache the second time, as the owner answered it', async () => {
  const cache = newCache();
  const owner = orders();
  const read = reader(cache, owner);
  const first = await read('O-1');
  const second = await read('O-1');
  expect(owner.calls).toBe(1);
  expect(second).toEqual({ data: first.data });
  await read('O-2');
  expect(owner.calls).toBe(2);
});

test("another customer's keyed read, and staff's (the owner logs them), go to the owner", async () => {
  const cache = newCache();
  const owner = orders();
  const read = reader(cache, owner);
  await read('O-1', alice);
  await read('O-1', bob);
  await read('O-1', agent);
  await read('O-1', agent);
  expect(owner.calls).toBe(4);
});

test('an answer is kept only when it carries the key asked for: an owner that reads " O-1 " as O-1 is asked again', async () => {
  const cache = newCache();
  const trimming = orders((asked) => asked.trim());
  const read = reader(cache, trimming);
  await read(' O-1 ');
  await read(' O-1 ');
  expect(trimming.calls).toBe(2);
  const withoutKey = orders(() => undefined);
  const readWithoutKey = reader(cache, withoutKey, ORDER_WITHOUT_KEY);
  await readWithoutKey('O-1');
  await readWithoutKey('O-1');
  expect(withoutKey.calls).toBe(2);
});

test('a root field not declared keyed, other arguments than the key, or a mutation, is never answered from the cache', async () => {
  const cache = newCache();
  for (const query of ['{ customer(email: "a@example.com") { id name } }', '{ products(skus: ["S"]) { sku name } }']) {
    const fetch = rootFetch(query);
    let calls = 0;
    const send = async (): Promise<SubgraphAnswer> => {
      calls += 1;
      return { data: {} };
    };
    for (let i = 0; i < 2; i++) await cache.root({ fetch, variables: {}, supergraphSchema: schema, context: alice, send });
    expect(calls).toBe(2);
  }
  const cancel = mutationFetch('mutation { cancelOrder(number: "O-1", reason: CUSTOMER_REQUEST) { number status } }');
  let sent = 0;
  const send = async (): Promise<SubgraphAnswer> => ({ data: { cancelOrder: { number: 'O-1', status: String(++sent) } } });
  for (let i = 0; i < 2; i++) await cache.root({ fetch: cancel, variables: {}, supergraphSchema: schema, context: alice, send });
  expect(sent).toBe(2);
});

test('a mutation naming the entity drops its keyed read at once, on this replica and on another sharing generations', async () => {
  const generations = new MemoryGenerations();
  const replicaA = newCache({ generations });
  const replicaB = newCache({ generations });
  const owner = orders();
  const onA = reader(replicaA, owner);
  const onB = reader(replicaB, owner);
  for (const read of [onA, onB, onA, onB]) await read('O-1');
  await onA('O-2');
  expect(owner.calls).toBe(3);
  await replicaA.mutated(mutationFetch('mutation { cancelOrder(number: "O-1", reason: CUSTOMER_REQUEST) { status } }'), alice, {
    data: {},
    extensions: { invalidates: [{ typename: 'Order', key: { number: 'O-1' } }] },
  });
  await onA('O-1');
  await onB('O-1');
  expect(owner.calls).toBe(5);
  await onA('O-2');
  expect(owner.calls).toBe(5);
});

test('npm run plan says a keyed root read is skipped when warm, and that other root fetches are sent', () => {
  const report = (query: string) => entityCachePlanReport(compilePlan(schemas, parse(query), undefined).plan.node, schema, OWNED);
  expect(report('{ order(number: "1") { number status } }')).toEqual([
    'Fetch(service: "orders"): skipped when warm for a customer; sent for staff (the owner logs their reads)',
  ]);
  expect(report('{ product(sku: "S") { sku name } }')).toEqual(['Fetch(service: "pricing"): skipped when warm for a customer; skipped for staff too']);
  expect(report('{ order(number: "1") { status } }')).toEqual(['Fetch(service: "orders"): root fields, always sent']);
});
