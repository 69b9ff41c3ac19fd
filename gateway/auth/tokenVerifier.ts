import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../common/errors';
import { ANONYMOUS, isRole, type Viewer } from '../../common/identity';
import type { AuthConfig } from './authConfig';

export type TokenVerifier = (authorization: string | undefined) => Promise<Viewer>;

/**
 * Verifies `Authorization: Bearer <JWT>`: signature (HS256 with the shared secret, or the
 * provider's JWKS: RS256/ES256/EdDSA), issuer, audience, expiry with clock tolerance. Unsigned
 * (`alg: none`) tokens never verify. No header: an anonymous caller, who may read public data.
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 })
    : (config.jwtSecret as Uint8Array);
  const algorithms = config.jwksUrl ? ['RS256', 'ES256', 'EdDSA', 'PS256'] : ['HS256'];

  return async (authorization) => {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]*)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], key as Uint8Array, {
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
    return {
      role: payload.role,
      subject: payload.sub,
      customerId: payload.role === 'customer' ? payload.sub : undefined,
    };
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
