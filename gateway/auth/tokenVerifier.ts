import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../common/errors';
import { ANONYMOUS, actorOf, isRole, type Role, type Viewer } from '../../common/identity';
import type { AuthConfig } from './authConfig';
import { ExpiringLru } from '../../common/expiringLru';

/** A verified caller, and the moment (epoch ms) their token stops being accepted; undefined for an anonymous caller. */
export interface VerifiedCaller {
  viewer: Viewer;
  expiresAt?: number;
  /** The token's verified claims (what @requiresScopes and @policy judge: gateway/authz); undefined when anonymous. */
  claims?: Readonly<Record<string, unknown>>;
}

export interface TokenVerifier {
  (authorization: string | undefined): Promise<Viewer>;
  /**
   * The caller with the end of their token's validity as this verifier judges it: `exp`, or
   * JWT_MAX_AGE_S after `iat` when that comes first, plus the clock tolerance. A long-lived
   * connection (a subscription) is ended then, not at a moment read from the token on its own.
   */
  withExpiry?(authorization: string | undefined): Promise<VerifiedCaller>;
}

const ANONYMOUS_CALLER: VerifiedCaller = Object.freeze({ viewer: ANONYMOUS });

/**
 * A verified token is remembered by its exact text (signature included) until it expires (`exp`,
 * or `iat` + JWT_MAX_AGE_S, with the clock tolerance): a returning caller costs no signature check.
 * With a key set (JWKS_URL), never longer than the key set is trusted (JWKS_CACHE_MS), so a key
 * withdrawn from the provider's key set stops being honoured within JWKS_CACHE_MS, as without the
 * memory. A shared secret (JWT_SECRET) cannot be withdrawn while the process runs: nothing to wait
 * for. Bounded: past MAX_REMEMBERED_TOKENS the least recently used token is forgotten (and verified
 * again if it comes back).
 */
const MAX_REMEMBERED_TOKENS = 10_000;

export interface TokenVerifierOptions {
  /** The signature and claims check (jose's jwtVerify); replaced by tests to count the checks made. */
  jwtVerify?: typeof jwtVerify;
}

/**
 * Verifies `Authorization: Bearer <JWT>`: signature (HS256 with the shared secret, or the
 * provider's JWKS: RS256/ES256/EdDSA), issuer, audience, expiry with clock tolerance. Unsigned
 * (`alg: none`) tokens never verify. No header: an anonymous caller, who may read public data.
 */
export function createTokenVerifier(config: AuthConfig, options: TokenVerifierOptions = {}): TokenVerifier {
  const check = options.jwtVerify ?? jwtVerify;
  // A KeyObject made once: given raw bytes, jose would build one on every verification.
  const key: KeyObject | JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: config.jwksCacheMs, cooldownDuration: Math.min(30_000, config.jwksCacheMs) })
    : createSecretKey(config.jwtSecret as Uint8Array);
  const verified = new ExpiringLru<VerifiedCaller>(MAX_REMEMBERED_TOKENS);
  const algorithms = config.jwksUrl ? ['RS256', 'ES256', 'EdDSA', 'PS256'] : ['HS256'];
  const rememberMs = config.jwksUrl ? config.jwksCacheMs : Infinity;

  const withExpiry = async (authorization: string | undefined): Promise<VerifiedCaller> => {
    if (!authorization) return ANONYMOUS_CALLER;
    const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    const token = match[1];
    const now = Date.now();
    const remembered = verified.get(token, now);
    if (remembered) return remembered;
    let payload;
    try {
      ({ payload } = await check(token, key as KeyObject, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms,
        clockTolerance: config.clockToleranceS,
        requiredClaims: config.maxAgeS > 0 ? ['exp', 'sub', 'iat'] : ['exp', 'sub'],
        ...(config.maxAgeS > 0 ? { maxTokenAge: config.maxAgeS } : {}),
      }));
    } catch (error) {
      throw unauthenticated(`The token is not valid: ${reason(error)}`);
    }
    if (!isRole(payload.role)) throw unauthenticated('The token has no valid role claim');
    const viewer = viewerOfToken(payload);
    let until = ((payload.exp as number) + config.clockToleranceS) * 1000;
    if (config.maxAgeS > 0) until = Math.min(until, ((payload.iat as number) + config.maxAgeS + config.clockToleranceS) * 1000);
    const result: VerifiedCaller = Object.freeze({ viewer, expiresAt: until, claims: Object.freeze({ ...payload }) });
    verified.set(token, result, Math.min(until, now + rememberMs));
    return result;
  };
  return Object.assign(async (authorization: string | undefined) => (await withExpiry(authorization)).viewer, { withExpiry });
}

/**
 * The caller. A token with an `act` claim (RFC 8693) is a bot acting for a customer: the subject is
 * the customer, `act.sub` the bot; it reads exactly what the customer's own token would. Any other
 * shape of `act` (on a staff token, nested, without `sub`, the subject acting for itself) is refused.
 */
function viewerOfToken(payload: JWTPayload & { role: Role }): Viewer {
  let actor: string | undefined;
  try {
    actor = actorOf(payload.act);
  } catch (error) {
    throw unauthenticated(`The token's actor is not valid: ${(error as Error).message}`);
  }
  if (actor !== undefined) {
    if (payload.role !== 'customer') throw unauthenticated('Only a customer may be acted for: a token with an act claim must have role customer');
    if (actor === payload.sub) throw unauthenticated('The token names the same party as subject and actor');
  }
  return Object.freeze({
    role: payload.role,
    subject: payload.sub,
    customerId: payload.role === 'customer' ? payload.sub : undefined,
    ...(actor ? { actor } : {}),
  });
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** jose's error codes say what was wrong without echoing the token. */
function reason(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return (error as { claim?: string }).claim === 'iat' ? 'issued too long ago (JWT_MAX_AGE_S)' : 'expired';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'bad signature';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if ((error as { claim?: string }).claim === 'iat') return 'claim iat missing or invalid (JWT_MAX_AGE_S needs it)';
      return `claim ${(error as { claim?: string }).claim ?? ''} rejected`.trim();
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'algorithm not allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'unknown signing key';
    default:
      return 'malformed';
  }
}
