import { sign } from 'node:crypto';
import type { IdentityKey } from './identityKeys';

/**
 * A JWT as a compact JWS (RFC 7515): base64url(header).base64url(payload).base64url(signature),
 * signed with one synchronous node:crypto call. jose's SignJWT makes the same token (byte for byte
 * with Ed25519, whose signatures are deterministic: common/__tests__/compactJws.test.ts), but signs
 * on the libuv thread pool through a promisified crypto.sign and re-checks the key on every call:
 * 110–120 µs of CPU per identity against 40 µs here, paid for every subgraph a new caller's request
 * reaches (docs/performance.md).
 */
export function signCompactJwt(header: { alg: IdentityKey['alg']; kid: string }, payload: object, key: IdentityKey): string {
  if (header.alg !== key.alg) throw new Error(`The header names ${header.alg} but the key is ${key.alg}`);
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const data = Buffer.from(input);
  // ES256 signatures are r‖s (IEEE P1363), as JWS requires, not DER.
  const signature = key.alg === 'EdDSA' ? sign(null, data, key.key) : sign('sha256', data, { key: key.key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
