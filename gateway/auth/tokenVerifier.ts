import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../common/errors';
import { ANONYMOUS, isRole, type Viewer } from '../../common/identity';
import type { AuthConfig } from './authConfig';
import { ExpiringLru } from '../../common/expiringLru';

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

/**
 * A verified token is remembered by its exact text (signature included) until it expires (with
 * the clock tolerance), and never longer than this, so a key withdrawn from the provider's key set
 * stops being honoured within a minute. Checking an HS256 signature and the claims on every request
 * of a long-lived token was a visible share of the gateway's CPU.
 */
const REMEMBER_VERIFIED_MS = 60_000;
const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * Verifies `Authorization: Bearer <JWT>`: signature (HS256 with the shared secret, or the
 * provider's JWKS: RS256/ES256/EdDSA), issuer, audience, expiry with clock tolerance. Unsigned
 * (`alg: none`) tokens never verify. No header: an anonymous caller, who may read public data.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  // A KeyObject made once: given raw bytes, jose would build one on every verification.
  const key: KeyObject | JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 })
    : createSecretKey(config.jwtSecret as Uint8Array);
  const verified = new ExpiringLru<Viewer>(MAX_REMEMBERED_TOKENS);
  const algorithms = config.jwksUrl ? ['RS256', 'ES256', 'EdDSA', 'PS256'] : ['HS256'];

  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    const now = Date.now();
    const remembered = verified.get(token, now);
    if (remembered) return remembered;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, key as KeyObject, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        clockTolerance: config.clockToleranceS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw unauthenticated(`The token is not valid: ${reason(error)}`);
    }
    if (!isRole(payload.role)) throw unauthenticated('The token has no valid role claim');
    const viewer: Viewer = Object.freeze({
      role: payload.role,
      subject: payload.sub,
      customerId: payload.role === 'customer' ? payload.sub : undefined,
    });
    const expires = ((payload.exp as number) + config.clockToleranceS) * 1000;
    verified.set(token, viewer, Math.min(expires, now + REMEMBER_VERIFIED_MS));
    return viewer;
  };
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** jose's error codes say what was wrong without echoing the token. */
function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad signature';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `claim ${(error as { claim?: string }).claim ?? ''} rejected`.trim();
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm not allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'unknown signing key';
    default:
      return 'malformed';
  }
}
