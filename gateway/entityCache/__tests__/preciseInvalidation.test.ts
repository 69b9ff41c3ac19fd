import type { SubgraphAnswer } from '../../engine/request';
import type { EntityCache } from '../entityCache';
import { alice, entityFetch, mutationFetch, newCache, owner, schema } from './fixtures';
import { MemoryGenerations } from './memoryGenerations';

// Orders answers an order (Order entities) with its customer inside: the entry holds Order(n) and Customer(c).
const ORDER_OF_CASE = entityFetch('{ supportCase(number: "C-1") { order { status customer { id name } } } }', 'orders');
// The same without the customer's key: the entry holds `Customer:*`, some customer.
const ORDER_WITH_UNKEYED_CUSTOMER = entityFetch('{ supportCase(number: "C-1") { order { status customer { name } } } }', 'orders');
const CANCEL = mutationFetch('mutation { cancelOrder(number: "O-1", reason: CUSTOMER_REQUEST) { status } }');

const customerOf = (number: unknown) => (number === 'O-1' ? 'CUS-A' : 'CUS-B');
const orders = () => owner((rep) => ({ __typename: 'Order', status: 'PLACED', customer: { id: customerOf(rep.number), name: 'N' } }));
// As Orders answers ORDER_WITH_UNKEYED_CUSTOMER: no customer id.
const ordersUnkeyed = () => owner(() => ({ __typename: 'Order', status: 'PLACED', customer: { name: 'N' } }));
const orderRep = (number: string) => ({ __typename: 'Order', number });

function reader(cache: EntityCache, subgraph: Pick<ReturnType<typeof orders>, 'send'>, fetch = ORDER_OF_CASE) {
  return (number: string) => cache.entities({ fetch, representations: [orderRep(number)], variables: {}, supergraphSchema: schema, context: alice, send: subgraph.send });
}

/** cancelOrder's answer as Orders gives it: the entities its OrderCancelled event names (common/outbox/writtenEntities.ts). */
const cancelled: SubgraphAnswer = {
  data: { cancelOrder: { status: 'CANCELLED' } },
  extensions: { invalidates: [{ typename: 'Order', key: { number: 'O-1' } }, { typename: 'Customer', key: { id: 'CUS-A' } }] },
};

test("a mutation whose owner names what it changed drops exactly those entities' entries: another order's still hits", async () => {
  const cache = newCache();
  const subgraph = orders();
  const read = reader(cache, subgraph);
  await read('O-1');
  await read('O-2');
  await cache.mutated(CANCEL, alice, cancelled);
  await read('O-2');
  expect(subgraph.sent).toHaveLength(2);
  await read('O-1');
  expect(subgraph.sent).toEqual([[orderRep('O-1')], [orderRep('O-2')], [orderRep('O-1')]]);
});

test.each([
  ['says nothing (a foreign or older subgraph)', { data: { cancelOrder: { status: 'CANCELLED' } } }],
  ['failed with an error', { data: null, errors: [{ message: 'refused' }], extensions: cancelled.extensions }],
  ['names an entity this gateway cannot read', { data: {}, extensions: { invalidates: [{ typename: 'Order', key: { id: 'O-1' } }] } }],
  ['names something that is not a list', { data: {}, extensions: { invalidates: 'Order' } }],
  ['never came (the subgraph failed)', undefined],
] as Array<[string, SubgraphAnswer | undefined]>)('a mutation whose answer %s drops every entry of the types it may change', async (_why, answer) => {
  const cache = newCache();
  const subgraph = orders();
  const read = reader(cache, subgraph);
  await read('O-2');
  await cache.mutated(CANCEL, alice, answer);
  await read('O-2');
  expect(subgraph.sent).toHaveLength(2);
});

test('an entry holding some entity of a type, key unseen, is dropped by a change of any entity of that type', async () => {
  const cache = newCache();
  const subgraph = ordersUnkeyed();
  const read = reader(cache, subgraph, ORDER_WITH_UNKEYED_CUSTOMER);
  await read('O-2');
  await cache.mutated(CANCEL, alice, cancelled);
  await read('O-2');
  expect(subgraph.sent).toHaveLength(2);
});

describe('across replicas, with shared generations', () => {
  test('a mutation through one replica makes the other miss exactly the changed entities, with one read of the generations per fetch', async () => {
    const generations = new MemoryGenerations();
    const replicaA = newCache({ generations });
    const replicaB = newCache({ generations });
    const subgraph = orders();
    const readOnA = reader(replicaA, subgraph);
    await readOnA('O-1');
    await readOnA('O-2');
    await replicaB.mutated(CANCEL, alice, cancelled);
    const reads = generations.reads;
    await readOnA('O-2');
    expect(generations.reads).toBe(reads + 1);
    expect(subgraph.sent).toHaveLength(2);
    await readOnA('O-1');
    expect(subgraph.sent).toHaveLength(3);
    // Kept again under the new counters: served.
    await readOnA('O-1');
    expect(subgraph.sent).toHaveLength(3);
  });

  test('an entity inside an answer that changed while the answer was being fetched makes it miss next time', async () => {
    const generations = new MemoryGenerations();
    const replicaA = newCache({ generations });
    const replicaB = newCache({ generations });
    const subgraph = orders();
    // The customer inside O-1's answer changes on the other replica while the owner is answering this one.
    const slow = { send: async (reps: Record<string, unknown>[]) => {
      const answer = await subgraph.send(reps);
      await replicaB.mutated(CANCEL, alice, { data: {}, extensions: { invalidates: [{ typename: 'Customer', key: { id: 'CUS-A' } }] } });
      return answer;
    } };
    await reader(replicaA, slow)('O-1');
    await reader(replicaA, subgraph)('O-1');
    expect(subgraph.sent).toHaveLength(2);
  });

  test('an entry holding `Type:*` misses after a change of any entity of that type on another replica', async () => {
    const generations = new MemoryGenerations();
    const replicaA = newCache({ generations });
    const replicaB = newCache({ generations });
    const subgraph = ordersUnkeyed();
    const readOnA = reader(replicaA, subgraph, ORDER_WITH_UNKEYED_CUSTOMER);
    await readOnA('O-2');
    await readOnA('O-2');
    expect(subgraph.sent).toHaveLength(1);
    await replicaB.mutated(CANCEL, alice, cancelled);
    await readOnA('O-2');
    expect(subgraph.sent).toHaveLength(2);
  });

  test('a change whose counter Redis then lost (a restart without its data) still makes the other replica miss', async () => {
    const generations = new MemoryGenerations();
    const replicaA = newCache({ generations });
    const replicaB = newCache({ generations });
    const subgraph = orders();
    const readOnA = reader(replicaA, subgraph);
    await readOnA('O-1');
    // Cancelled through B, whose event A has not heard; then Redis restarts empty, forgetting O-1's counter.
    await replicaB.mutated(CANCEL, alice, cancelled);
    generations.loseData();
    await readOnA('O-1');
    expect(subgraph.sent).toHaveLength(2);
    // Kept again under the new incarnation: served.
    await readOnA('O-1');
    expect(subgraph.sent).toHaveLength(2);
  });
});
