import { signIdentity, type Viewer } from '../../common/identity';
import type { IdentityKey } from '../../common/identityKeys';
import { ExpiringLru } from '../../common/expiringLru';

/** Signs `viewer` for one subgraph (`audience`). */
export type IdentitySigner = (viewer: Viewer, audience: string) => Promise<string>;

export interface IdentitySignerOptions {
  /** How long one signed identity is reused; well under its 60 s validity, so a reused one has ≥ 50 s left. */
  reuseMs?: number;
  maxEntries?: number;
  /** The signature itself (common/identity.ts); replaced by tests to count the signatures made. */
  sign?: typeof signIdentity;
}

/**
 * Signs the identity forwarded to subgraphs once per caller (actor included), operation, subgraph
 * and interval (`reuseMs`): the claims are identical, only `iat`/`exp` would differ, so a returning
 * caller's requests within the interval cost no signature. An asymmetric signature on every
 * subgraph fetch would be a visible share of the gateway's CPU
 * (bench/results/2026-11-29-identity-cost.md has the measured cost).
 */
export function cachedIdentitySigner(key: IdentityKey, options: IdentitySignerOptions = {}): IdentitySigner {
  const reuseMs = options.reuseMs ?? 10_000;
  const cache = new ExpiringLru<Promise<string>>(options.maxEntries ?? 10_000);
  const sign = options.sign ?? signIdentity;
  return (viewer, audience) => {
    const cacheKey = [viewer.role, viewer.subject, viewer.customerId, viewer.actor, viewer.operation, audience].map((part) => part ?? '').join('\u0000');
    const now = Date.now();
    const cached = cache.get(cacheKey, now);
    if (cached) return cached;
    const token = sign(viewer, key, audience);
    cache.set(cacheKey, token, now + reuseMs);
    token.catch(() => cache.delete(cacheKey));
    return token;
  };
}
