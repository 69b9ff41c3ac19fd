import { STORY } from '../../../demo/stories';
import { launchPricing, type PricingUnderTest } from './launchPricing';
import { PRICE_IN_EVERY_CHANNEL, sameInEveryChannel } from './priceFields';

const SET_PRICE = `mutation($sku: ID!, $amount: String!) {
  setProductPrice(sku: $sku, amount: $amount) { sku price { amount { amount } regularAmount { amount currency } } }
}`;
const READ_EVERY_CHANNEL = `query($sku: ID!) { product(sku: $sku) { ${PRICE_IN_EVERY_CHANNEL} } }`;

describe('setProductPrice', () => {
  let pricing: PricingUnderTest;

  beforeAll(async () => {
    pricing = await launchPricing();
  }, 60_000);

  afterAll(async () => {
    await pricing?.stop();
  });

  async function storedProducts() {
    return pricing.launched.db.query<{ sku: string; price: string; updatedAt: Date }>(
      'SELECT sku, regular_price::text AS price, updated_at AS "updatedAt" FROM products ORDER BY sku',
    );
  }

  test.each(['0', '-5', '12.345', 'abc', '', '12345678901', '1e3'])(
    'When the amount is %p, then BAD_USER_INPUT names amount and nothing is written',
    async (amount) => {
      const before = await storedProducts();

      const response = await pricing.request(SET_PRICE, { sku: 'HIKING-BOOTS', amount });

      expect(response.data).toBeNull();
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'amount' });
      expect(await storedProducts()).toEqual(before);
    },
  );

  test('When the SKU is unknown, then NOT_FOUND names sku and nothing is written', async () => {
    const before = await storedProducts();

    const response = await pricing.request(SET_PRICE, { sku: 'NO-SUCH-SKU', amount: '10.00' });

    expect(response.data).toBeNull();
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', argumentName: 'sku' });
    expect(await storedProducts()).toEqual(before);
  });

  test('When a new price is set, then the mutation returns it and every channel sees it on the next read', async () => {
    const [before] = await pricing.launched.db.query<{ updatedAt: Date }>(
      `SELECT updated_at AS "updatedAt" FROM products WHERE sku = 'CERAMIC-TEAPOT'`,
    );

    const set = await pricing.request(SET_PRICE, { sku: ' ceramic-teapot ', amount: '31.5' });
    const read = await pricing.request(READ_EVERY_CHANNEL, { sku: 'CERAMIC-TEAPOT' });

    expect(set.errors).toBeUndefined();
    expect(set.data.setProductPrice).toEqual({
      sku: 'CERAMIC-TEAPOT',
      price: { amount: { amount: '31.50' }, regularAmount: { amount: '31.50', currency: 'USD' } },
    });
    expect(read.data.product).toEqual(sameInEveryChannel('31.50', null, '31.50'));
    const [after] = await pricing.launched.db.query<{ updatedAt: Date }>(
      `SELECT updated_at AS "updatedAt" FROM products WHERE sku = 'CERAMIC-TEAPOT'`,
    );
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
  });

  test('When the regular price drops below the running promotion, then every channel pays the regular price without a promotion', async () => {
    const set = await pricing.request(SET_PRICE, { sku: STORY.partyLights.sku, amount: '17.50' });
    const read = await pricing.request(READ_EVERY_CHANNEL, { sku: STORY.partyLights.sku });

    expect(set.errors).toBeUndefined();
    expect(read.data.product).toEqual(sameInEveryChannel('17.50', null, '17.50'));
  });

  test('When the regular price rises above the running promotion, then every channel pays the promotion price', async () => {
    const set = await pricing.request(SET_PRICE, { sku: STORY.partyLights.sku, amount: '26.00' });
    const read = await pricing.request(READ_EVERY_CHANNEL, { sku: STORY.partyLights.sku });

    expect(set.errors).toBeUndefined();
    expect(read.data.product).toEqual(sameInEveryChannel('19.99', 'Garden party mailer', '26.00'));
  });
});
