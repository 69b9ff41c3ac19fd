import { CHANNELS, type Channel } from '../channel';

/** A selection asking the price in every channel at once, aliased by channel name. */
export const PRICE_IN_EVERY_CHANNEL = CHANNELS.map(
  (channel) =>
    `${channel}: price(channel: ${channel}) { channel amount { amount currency } promotion regularAmount { amount currency } }`,
).join('\n');

export interface QuotedPrice {
  channel: Channel;
  amount: { amount: string; currency: string };
  promotion: string | null;
  regularAmount: { amount: string; currency: string };
}

/** The expected answer of PRICE_IN_EVERY_CHANNEL when every channel is quoted the same. */
export function sameInEveryChannel(amount: string, promotion: string | null, regularAmount: string, currency = 'USD') {
  return Object.fromEntries(
    CHANNELS.map((channel) => [
      channel,
      { channel, amount: { amount, currency }, promotion, regularAmount: { amount: regularAmount, currency } },
    ]),
  );
}
