import type { SubgraphAnswer } from '../engine/request';
import { VALID_UNTIL_EXTENSION } from '../../common/validUntil';

/**
 * How much earlier than the owner's `validUntil` an entry stops being served: the owner's clock may run ahead
 * of the gateway's (NTP keeps hosts within milliseconds; a second is ample), and serving one second less is a
 * miss, never a stale read.
 */
export const CLOCK_SKEW_MARGIN_MS = 1000;

/**
 * Until when (gateway clock, epoch ms) an answer holding a clock field may be served: null, no clock boundary
 * (the owner said `validUntil: null`); undefined, not at all (the owner did not say, or the instant has passed).
 */
export function expiryOf(answer: SubgraphAnswer, now: number): number | null | undefined {
  const said: unknown = answer.extensions?.[VALID_UNTIL_EXTENSION];
  if (said === null) return null;
  const at = typeof said === 'number' ? said : typeof said === 'string' ? Date.parse(said) : NaN;
  if (!Number.isFinite(at)) return undefined;
  const expires = at - CLOCK_SKEW_MARGIN_MS;
  return expires > now ? expires : undefined;
}
