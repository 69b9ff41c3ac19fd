import type { SubgraphAnswer } from '../../engine/request';
import { CLOCK_SKEW_MARGIN_MS } from '../clockExpiry';
import { alice, newCache, PRICE, schema } from './fixtures';

/** Pricing as it answers a price: the same amount each time, with whatever `extensions` it is given. */
function pricing(extensions: Record<string, unknown> | undefined) {
  const sent: unknown[] = [];
  const send = async (reps: Record<string, unknown>[]): Promise<SubgraphAnswer> => {
    sent.push(reps);
    return { data: { _entities: reps.map(() => ({ __typename: 'Product', price: { amount: { amount: '1.00' } } })) }, ...(extensions ? { extensions } : {}) };
  };
  return { sent, send };
}

function readPrice(cache: ReturnType<typeof newCache>, send: (reps: Record<string, unknown>[]) => Promise<SubgraphAnswer>) {
  return cache.entities({ fetch: PRICE, representations: [{ __typename: 'Product', sku: 'SKU-1' }], variables: {}, supergraphSchema: schema, context: alice, send });
}

test("a price whose owner says when it next changes is served from the cache until then, and is a miss at and after that instant (less the skew margin)", async () => {
  let now = 1_000_000;
  const cache = newCache({ now: () => now });
  const owner = pricing({ validUntil: now + 10_000 });
  await readPrice(cache, owner.send);
  now += 10_000 - CLOCK_SKEW_MARGIN_MS - 1;
  await readPrice(cache, owner.send);
  expect(owner.sent).toHaveLength(1);
  now += 1;
  await readPrice(cache, owner.send);
  expect(owner.sent).toHaveLength(2);
});

test('validUntil as an ISO instant is read the same way', async () => {
  let now = Date.parse('2026-12-07T10:00:00.000Z');
  const cache = newCache({ now: () => now });
  const owner = pricing({ validUntil: '2026-12-07T10:00:05.000Z' });
  await readPrice(cache, owner.send);
  await readPrice(cache, owner.send);
  now = Date.parse('2026-12-07T10:00:05.000Z');
  await readPrice(cache, owner.send);
  expect(owner.sent).toHaveLength(2);
});

test('a price whose owner says nothing changes it with the clock (validUntil: null) is kept until an event', async () => {
  let now = 1_000_000;
  const cache = newCache({ now: () => now });
  const owner = pricing({ validUntil: null });
  await readPrice(cache, owner.send);
  now += 365 * 24 * 3600 * 1000;
  await readPrice(cache, owner.send);
  expect(owner.sent).toHaveLength(1);
  cache.invalidate({ id: 'e-1', type: 'PriceChanged', source: 'pricing', occurredAt: new Date(now).toISOString(), payload: { sku: 'SKU-1', amount: '2.00', currency: 'EUR', changedAt: 't' } });
  await readPrice(cache, owner.send);
  expect(owner.sent).toHaveLength(2);
});

test.each([
  ['no validUntil (a foreign or older subgraph)', undefined],
  ['a validUntil it cannot read', { validUntil: 'soon' }],
  ['a validUntil already within the skew margin', { validUntil: 1_000_000 + CLOCK_SKEW_MARGIN_MS }],
])('a clock field answered with %s is never kept', async (_, extensions) => {
  const cache = newCache({ now: () => 1_000_000 });
  const owner = pricing(extensions);
  await readPrice(cache, owner.send);
  await readPrice(cache, owner.send);
  expect(owner.sent).toHaveLength(2);
  expect(cache.store.stats).toMatchObject({ hits: 0, misses: 2 });
});
