import { CHANNELS } from '../channel';
import { isRunning, quotePrice, type PromotionTerms } from '../priceEngine';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const daysFromNow = (days: number) => new Date(NOW.getTime() + days * DAY);

function promotion(overrides: Partial<PromotionTerms> = {}): PromotionTerms {
  return { id: 'PROMO-1', name: 'Garden party mailer', amount: '19.99', startsAt: daysFromNow(-7), endsAt: daysFromNow(21), ...overrides };
}

describe('price engine', () => {
  test('When a promotion lower than the regular price is running, then its amount and name are quoted', () => {
    const quote = quotePrice({ regularAmount: '24.99', promotions: [promotion()], at: NOW, channel: 'WEB' });

    expect(quote).toEqual({ channel: 'WEB', amount: '19.99', regularAmount: '24.99', promotion: 'Garden party mailer' });
  });

  test('When the only promotion has not started yet, then the regular price is quoted without a promotion', () => {
    const quote = quotePrice({
      regularAmount: '24.99',
      promotions: [promotion({ startsAt: daysFromNow(1), endsAt: daysFromNow(8) })],
      at: NOW,
      channel: 'WEB',
    });

    expect(quote).toEqual({ channel: 'WEB', amount: '24.99', regularAmount: '24.99', promotion: null });
  });

  test('When the only promotion has ended, then the regular price is quoted without a promotion', () => {
    const quote = quotePrice({
      regularAmount: '24.99',
      promotions: [promotion({ startsAt: daysFromNow(-30), endsAt: daysFromNow(-1) })],
      at: NOW,
      channel: 'WEB',
    });

    expect(quote).toEqual({ channel: 'WEB', amount: '24.99', regularAmount: '24.99', promotion: null });
  });

  test('When a promotion starts exactly now, then it runs; when it ends exactly now, then it does not', () => {
    expect(isRunning({ startsAt: NOW, endsAt: daysFromNow(1) }, NOW)).toBe(true);
    expect(isRunning({ startsAt: daysFromNow(-1), endsAt: NOW }, NOW)).toBe(false);
  });

  test('When the running promotion is higher than the regular price, then the regular price is quoted', () => {
    const quote = quotePrice({ regularAmount: '24.99', promotions: [promotion({ amount: '29.99' })], at: NOW, channel: 'WEB' });

    expect(quote).toEqual({ channel: 'WEB', amount: '24.99', regularAmount: '24.99', promotion: null });
  });

  test('When the running promotion equals the regular price, then no promotion is named', () => {
    const quote = quotePrice({ regularAmount: '24.99', promotions: [promotion({ amount: '24.99' })], at: NOW, channel: 'WEB' });

    expect(quote.promotion).toBeNull();
    expect(quote.amount).toBe('24.99');
  });

  test('When two promotions run, then the lowest amount wins whatever their order', () => {
    const shelfTag = promotion({ id: 'PROMO-A', name: 'Shelf tag', amount: '21.50' });
    const mailer = promotion({ id: 'PROMO-B', name: 'Mailer', amount: '19.99' });

    const forward = quotePrice({ regularAmount: '24.99', promotions: [shelfTag, mailer], at: NOW, channel: 'STORE' });
    const backward = quotePrice({ regularAmount: '24.99', promotions: [mailer, shelfTag], at: NOW, channel: 'STORE' });

    expect(forward).toEqual({ channel: 'STORE', amount: '19.99', regularAmount: '24.99', promotion: 'Mailer' });
    expect(backward).toEqual(forward);
  });

  test('When amounts are written with different numbers of digits, then they compare by value, not as text', () => {
    const shorter = quotePrice({ regularAmount: '10', promotions: [promotion({ amount: '9.9' })], at: NOW, channel: 'WEB' });
    const longer = quotePrice({ regularAmount: '9.99', promotions: [promotion({ amount: '10.00' })], at: NOW, channel: 'WEB' });

    expect(shorter).toMatchObject({ amount: '9.9', promotion: 'Garden party mailer' });
    expect(longer).toMatchObject({ amount: '9.99', promotion: null });
  });

  test('When the same product is priced in every channel, then every channel gets the same amount and promotion', () => {
    const promotions = [promotion({ id: 'PROMO-M', name: 'Garden party mailer', amount: '19.99' }), promotion({ id: 'PROMO-X', amount: '22.00', name: 'Other' })];

    const quotes = CHANNELS.map((channel) => quotePrice({ regularAmount: '24.99', promotions, at: NOW, channel }));

    expect(quotes.map((q) => q.channel)).toEqual([...CHANNELS]);
    for (const quote of quotes) {
      expect({ amount: quote.amount, promotion: quote.promotion, regularAmount: quote.regularAmount }).toEqual({
        amount: '19.99',
        promotion: 'Garden party mailer',
        regularAmount: '24.99',
      });
    }
  });
});
