import { ConfigError, readInt, readString, type Env } from '../../common/config';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_JWT_SECRET, identitySigningKeyFrom, isDemoMode } from '../../common/identity';
import type { IdentityKey } from '../../common/identityKeys';
import { requireProductionSecret } from '../../common/secrets';

/** How the gateway verifies callers' bearer tokens, and signs the identity it forwards. */
export interface AuthConfig {
  /** DEMO_MODE=true (npm start; tests): the demo secret, issuer and audience are defaults. */
  demo: boolean;
  /** JWT_SECRET: an HS256 shared secret (the embedded demo). */
  jwtSecret?: Uint8Array;
  /** JWKS_URL: the identity provider's key set (production); keys are cached and refreshed on rotation. */
  jwksUrl?: string;
  /** JWKS_CACHE_MS, default 300000: how long the key set (and a token verified with it) is trusted before it is fetched again. */
  jwksCacheMs: number;
  /** JWT_ISSUER: required outside demo mode. */
  issuer: string;
  /** JWT_AUDIENCE: required outside demo mode. */
  audience: string;
  /** JWT_CLOCK_TOLERANCE_S, default 30: accepted clock skew for exp/nbf/iat. */
  clockToleranceS: number;
  /** JWT_MAX_AGE_S, default 86400: a token issued (`iat`) longer ago is refused, whatever its `exp`; 0: no limit. */
  maxAgeS: number;
  /** IDENTITY_PRIVATE_KEY: signs the identity forwarded to subgraphs (the subgraphs hold the public key). */
  identityKey: IdentityKey;
}

export function loadAuthConfig(env: Env): AuthConfig {
  const demo = isDemoMode(env);
  const jwksUrl = readString(env, 'JWKS_URL');
  if (!jwksUrl || readString(env, 'JWT_SECRET')) requireProductionSecret(env, 'JWT_SECRET', (value) => value === DEMO_JWT_SECRET);
  const secret = readString(env, 'JWT_SECRET') ?? (demo && !jwksUrl ? DEMO_JWT_SECRET : undefined);
  if (!secret && !jwksUrl) {
    throw new ConfigError('Set JWT_SECRET or JWKS_URL to verify callers (or DEMO_MODE=true for the demo secret); there is no default secret outside demo mode');
  }
  if (secret && secret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  const issuer = readString(env, 'JWT_ISSUER') ?? (demo ? DEMO_ISSUER : undefined);
  const audience = readString(env, 'JWT_AUDIENCE') ?? (demo ? DEMO_AUDIENCE : undefined);
  if (!issuer || !audience) throw new ConfigError('JWT_ISSUER and JWT_AUDIENCE must be set outside demo mode');
  return {
    demo,
    jwtSecret: secret ? new TextEncoder().encode(secret) : undefined,
    jwksUrl,
    jwksCacheMs: readInt(env, 'JWKS_CACHE_MS', 5 * 60_000),
    issuer,
    audience,
    clockToleranceS: readInt(env, 'JWT_CLOCK_TOLERANCE_S', 30),
    maxAgeS: readInt(env, 'JWT_MAX_AGE_S', 24 * 60 * 60),
    identityKey: identitySigningKeyFrom(env),
  };
}
