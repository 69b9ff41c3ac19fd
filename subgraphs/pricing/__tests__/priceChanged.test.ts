import { InProcessEventBus, type DomainEvent } from '../../../common/events';
import { MUTATION_EVENTS } from '../../../common/entityCacheContract';
import { EventType } from '../../../common/eventContracts';
import { invalidationsFor } from '../../../common/invalidationsFor';
import { commitFails, CommitFailed, outboxRows } from '../../../test/support/failingCommit';
import { createContext } from '../context';
import { setProductPrice } from '../setProductPrice';
import { launchPricing, type PricingUnderTest } from './launchPricing';

const SET_PRICE = `mutation($sku: ID!, $amount: String!) { setProductPrice(sku: $sku, amount: $amount) { sku } }`;

describe('PriceChanged: every price change is announced through Pricing\'s outbox', () => {
  let pricing: PricingUnderTest;
  const bus = new InProcessEventBus();
  const heard: DomainEvent[] = [];

  beforeAll(async () => {
    await bus.subscribe('price-watcher', async (event) => void heard.push(event));
    pricing = await launchPricing(bus);
  }, 60_000);

  afterAll(async () => {
    await pricing?.stop();
  });

  beforeEach(async () => {
    await pricing.launched.settle();
    heard.length = 0;
  });

  const outbox = () => outboxRows(pricing.launched.db);

  test('When a price is set, then one PriceChanged event with the new price is recorded and reaches a bus subscriber', async () => {
    const before = (await outbox()).length;

    const response = await pricing.request(SET_PRICE, { sku: 'ceramic-teapot', amount: '29.9' });
    await pricing.launched.settle();

    expect(response.errors).toBeUndefined();
    const recorded = (await outbox()).slice(before);
    expect(recorded).toEqual([
      { type: 'PriceChanged', payload: { sku: 'CERAMIC-TEAPOT', regularPrice: '29.90', currency: 'USD', changedAt: expect.any(String) } },
    ]);
    expect(heard.map((e) => [e.type, e.source, e.payload.sku, e.payload.regularPrice])).toEqual([['PriceChanged', 'pricing', 'CERAMIC-TEAPOT', '29.90']]);
    expect(invalidationsFor(heard[0])).toEqual([{ typename: 'Product', key: { sku: 'CERAMIC-TEAPOT' } }]);
    expect(MUTATION_EVENTS.pricing?.setProductPrice.emits).toEqual([EventType.PriceChanged]);
  });

  test('When the price is set twice, then two events go out, in order, one per change', async () => {
    await pricing.request(SET_PRICE, { sku: 'CERAMIC-TEAPOT', amount: '30.00' });
    await pricing.request(SET_PRICE, { sku: 'CERAMIC-TEAPOT', amount: '31.00' });
    await pricing.launched.settle();

    expect(heard.map((e) => e.payload.regularPrice)).toEqual(['30.00', '31.00']);
  });

  test.each([
    ['an unknown SKU', { sku: 'NO-SUCH-SKU', amount: '10.00' }],
    ['an invalid amount', { sku: 'CERAMIC-TEAPOT', amount: '-1' }],
  ])('When the mutation fails on %s, then no event is recorded', async (_what, variables) => {
    const before = await outbox();

    const response = await pricing.request(SET_PRICE, variables);
    await pricing.launched.settle();

    expect(response.errors).toHaveLength(1);
    expect(await outbox()).toEqual(before);
    expect(heard).toEqual([]);
  });

  test('When the transaction of a price change rolls back, then neither the price nor its event remain', async () => {
    const db = pricing.launched.db;
    const [price] = await db.query<{ price: string }>(`SELECT regular_price::text AS price FROM products WHERE sku = 'CERAMIC-TEAPOT'`);
    const before = await outbox();
    let kicked = 0;
    const ctx = { ...createContext(commitFails(db), { headers: {} } as never, () => void kicked++), viewer: undefined as never };

    await expect(setProductPrice(ctx, { sku: 'CERAMIC-TEAPOT', amount: '99.00' })).rejects.toThrow(CommitFailed);

    const [after] = await db.query<{ price: string }>(`SELECT regular_price::text AS price FROM products WHERE sku = 'CERAMIC-TEAPOT'`);
    expect(after.price).toBe(price.price);
    expect(await outbox()).toEqual(before);
    expect(kicked).toBe(0);
  });
});
