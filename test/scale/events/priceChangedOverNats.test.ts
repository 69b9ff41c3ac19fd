import { createEventBus } from '../../../common/bus/createEventBus';
import type { DomainEvent, EventBus } from '../../../common/events';
import { invalidationsFor } from '../../../common/invalidationsFor';
import { createLogger } from '../../../common/logger';
import { launchPricing, type PricingUnderTest } from '../../../subgraphs/pricing/__tests__/launchPricing';
import { deleteStreams, describeWith, eventually, storedEvents, testBusEnv } from './support/busEnv';

const log = createLogger('price-changed-nats-test', { LOG_LEVEL: 'silent' });

/** Pricing's outbox on the real broker: a price change reaches a subscriber in another connection (another replica's cache). */
describeWith(['NATS_URL'])('PriceChanged over NATS JetStream', () => {
  const env = testBusEnv();
  let publisher: EventBus;
  let subscriber: EventBus;
  let pricing: PricingUnderTest;

  beforeAll(async () => {
    publisher = await createEventBus(env, log);
    subscriber = await createEventBus(env, log);
    pricing = await launchPricing(publisher);
  }, 60_000);
  afterAll(async () => {
    await pricing?.stop();
    await publisher?.close();
    await subscriber?.close();
    await deleteStreams(env);
  });

  test('When a price is set, then one PriceChanged event from pricing reaches a subscriber on its own connection', async () => {
    const heard: DomainEvent[] = [];
    await subscriber.subscribe('price-cache-test', async (event) => void heard.push(event));

    const response = await pricing.request(`mutation { setProductPrice(sku: "TENT-2P", amount: "175.00") { sku } }`);

    expect(response.errors).toBeUndefined();
    await eventually(async () => heard.length, (n) => n >= 1);
    await pricing.launched.settle();
    expect(heard.map((e) => [e.type, e.source, e.payload.regularPrice])).toEqual([['PriceChanged', 'pricing', '175.00']]);
    expect(invalidationsFor(heard[0])).toEqual([{ typename: 'Product', key: { sku: 'TENT-2P' } }]);
    expect(await storedEvents(env, 'pricing')).toBe(1);
  });
});
