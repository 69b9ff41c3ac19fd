import { STORY } from '../../../demo/stories';
import { insertProducts, insertPromotions, type NewPromotion } from '../repository';
import { launchPricing, type PricingUnderTest } from './launchPricing';
import { PRICE_IN_EVERY_CHANNEL, sameInEveryChannel } from './priceFields';

const DAY = 24 * 60 * 60 * 1000;
const BULK = Array.from({ length: 60 }, (_, i) => `BULK-${String(i).padStart(3, '0')}`);

/** Expected for a bulk product: every third has a running promotion; the others an ended or a future one. */
function expectedBulkPrice(index: number) {
  return index % 3 === 0 ? { amount: '5.00', promotion: `Bulk deal ${index}` } : { amount: '10.00', promotion: null };
}

describe('pricing subgraph reads', () => {
  let pricing: PricingUnderTest;

  beforeAll(async () => {
    pricing = await launchPricing();
    const now = Date.now();
    await insertProducts(
      pricing.launched.db,
      BULK.map((sku, i) => ({ sku, name: `Bulk product ${i}`, currency: 'USD', regularPrice: '10.00', updatedAt: new Date(now) })),
    );
    const windows = [
      { startsAt: new Date(now - DAY), endsAt: new Date(now + DAY) },
      { startsAt: new Date(now - 10 * DAY), endsAt: new Date(now - DAY) },
      { startsAt: new Date(now + DAY), endsAt: new Date(now + 10 * DAY) },
    ];
    await insertPromotions(
      pricing.launched.db,
      BULK.map<NewPromotion>((sku, i) => ({
        id: `PROMO-BULK-${i}`,
        sku,
        name: `Bulk deal ${i}`,
        advertisedIn: 'STORE',
        amount: '5.00',
        ...windows[i % 3],
      })),
    );
  }, 60_000);

  afterAll(async () => {
    await pricing?.stop();
  });

  test('When PARTY-LIGHTS-20 is priced in every channel, then each pays the mailer price 19.99 of the regular 24.99', async () => {
    const response = await pricing.request(`query($sku: ID!) { product(sku: $sku) { sku name ${PRICE_IN_EVERY_CHANNEL} } }`, {
      sku: STORY.partyLights.sku,
    });

    expect(response.errors).toBeUndefined();
    expect(response.data.product).toEqual({
      sku: 'PARTY-LIGHTS-20',
      name: 'Party Lights, 20 bulbs',
      ...sameInEveryChannel('19.99', 'Garden party mailer', '24.99'),
    });
  });

  test('When PARTY-LIGHTS-20 is asked for its active promotions, then the mailer promotion is listed', async () => {
    const response = await pricing.request(
      `{ product(sku: "PARTY-LIGHTS-20") { activePromotions { id name advertisedIn amount { amount currency } startsAt endsAt } } }`,
    );

    expect(response.errors).toBeUndefined();
    const [promotion, ...others] = response.data.product.activePromotions;
    expect(others).toEqual([]);
    expect(promotion).toMatchObject({
      id: 'PROMO-MAILER-LIGHTS',
      name: 'Garden party mailer',
      advertisedIn: 'MAILER',
      amount: { amount: '19.99', currency: 'USD' },
    });
    expect(new Date(promotion.startsAt).getTime()).toBeLessThan(Date.now());
    expect(new Date(promotion.endsAt).getTime()).toBeGreaterThan(Date.now());
    expect(promotion.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  test('When a product has no promotion, then every channel pays the regular price and none is named', async () => {
    const response = await pricing.request(`{ product(sku: "CERAMIC-TEAPOT") { activePromotions { id } ${PRICE_IN_EVERY_CHANNEL} } }`);

    expect(response.errors).toBeUndefined();
    expect(response.data.product).toEqual({ activePromotions: [], ...sameInEveryChannel('34.50', null, '34.50') });
  });

  test('When the price is asked without a channel, then WEB is echoed', async () => {
    const response = await pricing.request(`{ product(sku: "PARTY-LIGHTS-20") { price { channel amount { amount } } } }`);

    expect(response.data.product.price).toEqual({ channel: 'WEB', amount: { amount: '19.99' } });
  });

  test('When the SKU is unknown, then product is null without an error', async () => {
    const response = await pricing.request(`{ product(sku: "NO-SUCH-SKU") { sku } }`);

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ product: null });
  });

  test('When the SKU is typed in lower case with spaces, then the product is found', async () => {
    const response = await pricing.request(`{ product(sku: "  party-lights-20 ") { sku } }`);

    expect(response.data).toEqual({ product: { sku: 'PARTY-LIGHTS-20' } });
  });

  test('When several SKUs are asked, then products come in the order asked with null for an unknown SKU', async () => {
    const response = await pricing.request(`{ products(skus: ["TENT-2P", "NOPE", "PARTY-LIGHTS-20", "TENT-2P"]) { sku } }`);

    expect(response.errors).toBeUndefined();
    expect(response.data.products).toEqual([{ sku: 'TENT-2P' }, null, { sku: 'PARTY-LIGHTS-20' }, { sku: 'TENT-2P' }]);
  });

  test('When more than 100 SKUs are asked, then BAD_USER_INPUT names skus', async () => {
    const skus = Array.from({ length: 101 }, (_, i) => `SKU-${i}`);

    const response = await pricing.request(`query($skus: [ID!]!) { products(skus: $skus) { sku } }`, { skus });

    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'skus' });
  });

  describe('batching', () => {
    const productsQuery = `query($skus: [ID!]!) {
      products(skus: $skus) { sku name web: price(channel: WEB) { amount { amount } promotion } store: price(channel: STORE) { amount { amount } } activePromotions { name } }
    }`;
    const entitiesQuery = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Product { sku name price(channel: PHONE) { amount { amount } promotion } activePromotions { name } } }
    }`;

    async function statementsFor(query: string, variables: Record<string, unknown>) {
      const before = pricing.launched.db.stats.statements;
      const response = await pricing.request(query, variables);
      return { response, statements: pricing.launched.db.stats.statements - before };
    }

    test('When 5 or 50 products are asked with their prices and names, then the same small number of statements runs', async () => {
      const five = await statementsFor(productsQuery, { skus: BULK.slice(0, 5) });
      const fifty = await statementsFor(productsQuery, { skus: BULK.slice(0, 50) });

      expect(five.response.errors).toBeUndefined();
      expect(fifty.response.errors).toBeUndefined();
      expect(fifty.response.data.products).toHaveLength(50);
      fifty.response.data.products.forEach((product: any, i: number) => {
        const expected = expectedBulkPrice(i);
        expect(product.sku).toBe(BULK[i]);
        expect(product.name).toBe(`Bulk product ${i}`);
        expect(product.web).toEqual({ amount: { amount: expected.amount }, promotion: expected.promotion });
        expect(product.store.amount.amount).toBe(expected.amount);
        expect(product.activePromotions).toEqual(expected.promotion ? [{ name: expected.promotion }] : []);
      });
      expect(fifty.statements).toBeLessThanOrEqual(3);
      expect(fifty.statements).toBe(five.statements);
    });

    test('When 5 or 50 product references are resolved, then the same small number of statements runs', async () => {
      const representations = (n: number) => BULK.slice(0, n).map((sku) => ({ __typename: 'Product', sku }));

      const five = await statementsFor(entitiesQuery, { representations: representations(5) });
      const fifty = await statementsFor(entitiesQuery, { representations: representations(50) });

      expect(fifty.response.errors).toBeUndefined();
      expect(fifty.response.data._entities.map((p: any) => p.sku)).toEqual(BULK.slice(0, 50));
      expect(fifty.response.data._entities[0].price).toEqual({ amount: { amount: '5.00' }, promotion: 'Bulk deal 0' });
      expect(fifty.response.data._entities[1].price).toEqual({ amount: { amount: '10.00' }, promotion: null });
      expect(fifty.statements).toBeLessThanOrEqual(3);
      expect(fifty.statements).toBe(five.statements);
    });

    test('When a reference names an unknown SKU, then its entity is null', async () => {
      const response = await pricing.request(entitiesQuery, {
        representations: [{ __typename: 'Product', sku: 'NO-SUCH-SKU' }, { __typename: 'Product', sku: 'PARTY-LIGHTS-20' }],
      });

      expect(response.data._entities).toEqual([
        null,
        { sku: 'PARTY-LIGHTS-20', name: 'Party Lights, 20 bulbs', price: { amount: { amount: '19.99' }, promotion: 'Garden party mailer' }, activePromotions: [{ name: 'Garden party mailer' }] },
      ]);
    });
  });
});
