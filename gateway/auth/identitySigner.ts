import { signIdentity, type Viewer } from '../../common/identity';
import { ExpiringLru } from '../../common/expiringLru';

export type IdentitySigner = (viewer: Viewer) => Promise<string>;

export interface IdentitySignerOptions {
  /** How long one signed identity is reused; well under its 60 s validity, so a reused one has ≥ 50 s left. */
  reuseMs?: number;
  maxEntries?: number;
}

/**
 * Signs the identity forwarded to subgraphs, reusing a signature for the same caller and operation
 * for a few seconds: the claims (role, subject, operation) are identical, only `iat`/`exp` would
 * differ. Signing an HS256 JWT on every request was a visible share of the gateway's CPU.
 */
export function cachedIdentitySigner(secret: Uint8Array, options: IdentitySignerOptions = {}): IdentitySigner {
  const reuseMs = options.reuseMs ?? 10_000;
  const cache = new ExpiringLru<Promise<string>>(options.maxEntries ?? 10_000);
  return (viewer) => {
    const key = `${viewer.role}\u0000${viewer.subject ?? ''}\u0000${viewer.customerId ?? ''}\u0000${viewer.operation ?? ''}`;
    const now = Date.now();
    const cached = cache.get(key, now);
    if (cached) return cached;
    const token = signIdentity(viewer, secret);
    cache.set(key, token, now + reuseMs);
    token.catch(() => cache.delete(key));
    return token;
  };
}
