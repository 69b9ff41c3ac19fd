import { decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import { signCompactJwt } from './compactJws';
import { ConfigError, readBool, type Env } from './config';
import { ExpiringLru } from './expiringLru';
import { DEMO_IDENTITY_PRIVATE_KEY, DEMO_IDENTITY_PUBLIC_KEY, keyTextFrom, privateKeyFrom, publicKeysFrom, type IdentityKey } from './identityKeys';

/**
 * Who is asking. The gateway verifies the caller's token and forwards the identity to each subgraph
 * as a short-lived JWT signed with a private key only the gateway holds, addressed to that subgraph
 * (`aud`); a subgraph verifies it with the gateway's public key and trusts no other claim of identity.
 */
export const ROLES = ['customer', 'agent', 'store', 'bot', 'service'] as const;
export type Role = (typeof ROLES)[number];

export interface Viewer {
  role: Role | 'anonymous';
  /** The token's subject: a customer id for customers, a staff or client id otherwise. */
  subject?: string;
  /** Set for customers only: whose records they may read and change. */
  customerId?: string;
  /** The client's operation name, for access logs. */
  operation?: string;
  /** The bot acting for the subject (a customer), when one is (`act.sub`, RFC 8693): recorded in access logs. */
  actor?: string;
  /** Set when the identity was signed by a peer subgraph (Support calling Orders), not the gateway. */
  peer?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ role: 'anonymous' });

export const IDENTITY_HEADER = 'x-identity';
export const GATEWAY_ISSUER = 'customer-graph-gateway';
const IDENTITY_TTL_S = 60;

/** Demo-only secret of callers' tokens: accepted only when DEMO_MODE=true (npm start, the test runner's set-up). */
export const DEMO_JWT_SECRET = 'demo-only-jwt-secret-do-not-use-in-production-0123456789';
export const DEMO_ISSUER = 'customer-graph-demo';
export const DEMO_AUDIENCE = 'customer-graph';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * DEMO_MODE=true (npm start; jest's set-up sets it for the tests): the only place demo secrets and keys
 * are allowed. Nothing implies it, NODE_ENV=test included, and a production process refuses it: one
 * flag must never undo the production safeguards.
 */
export function isDemoMode(env: Env): boolean {
  const demo = readBool(env, 'DEMO_MODE', false);
  if (demo && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'DEMO_MODE=true (auth.demoMode in the config file) with NODE_ENV=production: demo mode accepts the secrets and keys published in this repository and never runs in production. Unset DEMO_MODE, or run the demo without NODE_ENV=production',
    );
  }
  return demo;
}

/** IDENTITY_PRIVATE_KEY: the gateway's signing key (Ed25519 or P-256); the demo key in demo mode. */
export function identitySigningKeyFrom(env: Env): IdentityKey {
  const text = keyTextFrom(env, 'IDENTITY_PRIVATE_KEY', DEMO_IDENTITY_PRIVATE_KEY, isDemoMode(env), 'the gateway signs the identity it forwards to subgraphs with it');
  return privateKeyFrom(text, 'IDENTITY_PRIVATE_KEY');
}

/** IDENTITY_PUBLIC_KEY: what the subgraphs verify the gateway's identities with (one key or a JWK set). */
export function identityPublicKeysFrom(env: Env): IdentityKey[] {
  const text = keyTextFrom(env, 'IDENTITY_PUBLIC_KEY', DEMO_IDENTITY_PUBLIC_KEY, isDemoMode(env), "the subgraphs verify the gateway's identities with it");
  return publicKeysFrom(text, 'IDENTITY_PUBLIC_KEY');
}

/** Signs `viewer` for one receiver (`audience`: a subgraph's name), valid for 60 s. */
export async function signIdentity(viewer: Viewer, key: IdentityKey, audience: string, issuer = GATEWAY_ISSUER): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  // The claims in the order jose's SignJWT writes them (role, op, act, sub, iss, aud, iat, exp).
  const claims: JWTPayload = { role: viewer.role, op: viewer.operation };
  if (viewer.actor) claims.act = { sub: viewer.actor };
  Object.assign(claims, { sub: viewer.subject ?? '', iss: issuer, aud: audience, iat, exp: iat + IDENTITY_TTL_S });
  return signCompactJwt({ alg: key.alg, kid: key.kid }, claims, key);
}

/** What one receiver accepts: identities addressed to it, from the gateway and from named peers. */
export interface IdentityVerifier {
  /** The receiver's own name: the `aud` it accepts. */
  audience: string;
  /** Issuer -> its public keys. The gateway is `GATEWAY_ISSUER`; a peer is `customer-graph-<name>`. */
  issuers: Map<string, IdentityKey[]>;
  /** Verified tokens by their exact text, until they expire. */
  verified: ExpiringLru<Viewer>;
}

/**
 * A verified identity is remembered by its exact text (signature included) until it expires: the
 * gateway reuses one signed identity for 10 s per caller, operation and subgraph, so a subgraph sees
 * the same token on many requests, and checking a signature every time is a visible share of its CPU.
 */
export function createIdentityVerifier(audience: string, gatewayKeys: IdentityKey[], peers: Record<string, IdentityKey[]> = {}): IdentityVerifier {
  const issuers = new Map<string, IdentityKey[]>([[GATEWAY_ISSUER, gatewayKeys]]);
  for (const [peer, keys] of Object.entries(peers)) issuers.set(peerIssuer(peer), keys);
  return { audience, issuers, verified: new ExpiringLru(10_000) };
}

export function peerIssuer(peer: string): string {
  return `customer-graph-${peer}`;
}

/** Throws on a forged, expired, misaddressed or malformed identity. */
export async function verifyIdentity(token: string, verifier: IdentityVerifier): Promise<Viewer> {
  const now = Date.now();
  const remembered = verifier.verified.get(token, now);
  if (remembered) return remembered;
  const issuer = decodeJwt(token).iss;
  const keys = issuer ? verifier.issuers.get(issuer) : undefined;
  if (!issuer || !keys) throw new Error('identity from an issuer this receiver does not trust');
  const { payload } = await jwtVerify(
    token,
    (header) => {
      const found = keys.find((k) => k.kid === header.kid) ?? (keys.length === 1 && !header.kid ? keys[0] : undefined);
      if (!found || found.alg !== header.alg) throw new Error('identity signed with an unknown key');
      return found.key;
    },
    { issuer, audience: verifier.audience, algorithms: ['EdDSA', 'ES256'], requiredClaims: ['exp', 'iat'] },
  );
  const viewer = viewerOf(payload, issuer === GATEWAY_ISSUER ? undefined : issuer.slice('customer-graph-'.length));
  // Until the second it expires at (jwtVerify refuses it from then on), never longer than its lifetime.
  verifier.verified.set(token, viewer, Math.min((payload.exp as number) * 1000, now + IDENTITY_TTL_S * 1000));
  return viewer;
}

/** Shared by every request that sends the same token: frozen. */
function viewerOf(payload: JWTPayload, peer: string | undefined): Viewer {
  const role = payload.role;
  if (role === 'anonymous' && !peer) return ANONYMOUS;
  if (!isRole(role) || !payload.sub) throw new Error('identity without a valid role and subject');
  const actor = actorOf(payload.act);
  if (actor !== undefined && role !== 'customer') throw new Error('only a customer may be acted for');
  return Object.freeze({
    role,
    subject: payload.sub,
    customerId: role === 'customer' ? payload.sub : undefined,
    operation: typeof payload.op === 'string' ? payload.op : undefined,
    ...(actor ? { actor } : {}),
    ...(peer ? { peer } : {}),
  });
}

/** `act: { sub }` (RFC 8693), one level: an actor acting through another actor is refused. */
export function actorOf(act: unknown): string | undefined {
  if (act === undefined) return undefined;
  if (typeof act !== 'object' || act === null || Array.isArray(act)) throw new Error('act must be an object');
  const { sub, act: nested } = act as { sub?: unknown; act?: unknown };
  if (typeof sub !== 'string' || sub === '') throw new Error('act must name its actor (act.sub)');
  if (nested !== undefined) throw new Error('nested actors are not accepted');
  return sub;
}
