import type { Channel } from './channel';
import { toCents } from '../../common/money';

/**
 * The one price engine of every channel. A promotion advertised in one channel (a mailer, a shelf
 * tag) is honoured in all of them, so the channel is echoed in the quote but never consulted.
 */
export interface PromotionTerms {
  id: string;
  name: string;
  /** Decimal string. */
  amount: string;
  startsAt: Date;
  endsAt: Date;
}

export interface PriceRequest {
  /** The product's regular price, a decimal string. */
  regularAmount: string;
  /** The product's promotions; those not running at `at` are ignored. */
  promotions: readonly PromotionTerms[];
  at: Date;
  channel: Channel;
}

export interface PriceQuote {
  channel: Channel;
  /** What the customer pays for one. */
  amount: string;
  regularAmount: string;
  /** The name of the promotion that set `amount`, or null when the regular price applies. */
  promotion: string | null;
}

/** Running from its start (inclusive) to its end (exclusive), so back-to-back promotions never overlap. */
export function isRunning(promotion: Pick<PromotionTerms, 'startsAt' | 'endsAt'>, at: Date): boolean {
  const moment = at.getTime();
  return promotion.startsAt.getTime() <= moment && moment < promotion.endsAt.getTime();
}

export function quotePrice(request: PriceRequest): PriceQuote {
  let best: { cents: bigint; promotion: PromotionTerms | null } = {
    cents: toCents(request.regularAmount),
    promotion: null,
  };
  for (const promotion of request.promotions) {
    if (!isRunning(promotion, request.at)) continue;
    const cents = toCents(promotion.amount);
    // Equal amounts tie-break on id so the quoted promotion name does not depend on row order.
    const tiesBetter = cents === best.cents && best.promotion !== null && promotion.id < best.promotion.id;
    if (cents < best.cents || tiesBetter) best = { cents, promotion };
  }
  return {
    channel: request.channel,
    amount: best.promotion ? best.promotion.amount : request.regularAmount,
    regularAmount: request.regularAmount,
    promotion: best.promotion ? best.promotion.name : null,
  };
}
