import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { readBool, readString, ConfigError, type Env } from './config';
import { ExpiringLru } from './expiringLru';

/**
 * Who is asking. The gateway verifies the caller's token and forwards the identity to subgraphs
 * as a short-lived JWT signed with a secret only the gateway and the subgraphs hold; a subgraph
 * trusts no other claim of identity.
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
  /** The bot acting for the subject (a customer), when one is: recorded in access logs. */
  actor?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ role: 'anonymous' });

export const IDENTITY_HEADER = 'x-identity';
const IDENTITY_ISSUER = 'customer-graph-gateway';
const IDENTITY_AUDIENCE = 'customer-graph-subgraphs';
const IDENTITY_TTL_S = 60;

/** Demo-only secrets: accepted only when DEMO_MODE=true (npm start) or under tests. */
export const DEMO_JWT_SECRET = 'demo-only-jwt-secret-do-not-use-in-production-0123456789';
export const DEMO_IDENTITY_SECRET = 'demo-only-identity-secret-do-not-use-in-production-9876543210';
export const DEMO_ISSUER = 'customer-graph-demo';
export const DEMO_AUDIENCE = 'customer-graph';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** DEMO_MODE=true, or NODE_ENV=test: the only places demo secrets are allowed. */
export function isDemoMode(env: Env): boolean {
  return readBool(env, 'DEMO_MODE', env.NODE_ENV === 'test');
}

/** IDENTITY_SECRET: shared by the gateway and the subgraphs; no default outside demo mode. */
export function identitySecretFrom(env: Env): Uint8Array {
  const secret = readString(env, 'IDENTITY_SECRET') ?? (isDemoMode(env) ? DEMO_IDENTITY_SECRET : undefined);
  if (!secret) throw new ConfigError('IDENTITY_SECRET must be set (it signs the identity the gateway forwards to subgraphs); DEMO_MODE=true uses a demo secret');
  if (secret.length < 32) throw new ConfigError('IDENTITY_SECRET must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

export async function signIdentity(viewer: Viewer, secret: Uint8Array): Promise<string> {
  return new SignJWT({ role: viewer.role, op: viewer.operation })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.subject ?? '')
    .setIssuer(IDENTITY_ISSUER)
    .setAudience(IDENTITY_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${IDENTITY_TTL_S}s`)
    .sign(secret);
}

/**
 * A verified identity is remembered by its exact text (signature included) until it expires, per
 * secret: the gateway reuses one signed identity for 10 s per caller and operation, so a subgraph
 * sees the same token on many requests, and checking its signature and claims every time was
 * about 40 µs of a subgraph's CPU per request.
 */
const MAX_REMEMBERED_IDENTITIES = 10_000;
const verifiers = new WeakMap<Uint8Array, { key: KeyObject; verified: ExpiringLru<Viewer> }>();

/** Throws on a forged, expired or malformed identity. */
export async function verifyIdentity(token: string, secret: Uint8Array): Promise<Viewer> {
  let verifier = verifiers.get(secret);
  if (!verifier) verifiers.set(secret, (verifier = { key: createSecretKey(secret), verified: new ExpiringLru(MAX_REMEMBERED_IDENTITIES) }));
  const now = Date.now();
  const remembered = verifier.verified.get(token, now);
  if (remembered) return remembered;
  const { payload } = await jwtVerify(token, verifier.key, {
    issuer: IDENTITY_ISSUER,
    audience: IDENTITY_AUDIENCE,
    algorithms: ['HS256'],
  });
  const viewer = viewerOf(payload);
  // Until the second it expires at (jwtVerify refuses it from then on), never longer than its lifetime.
  if (typeof payload.exp === 'number') verifier.verified.set(token, viewer, Math.min(payload.exp * 1000, now + IDENTITY_TTL_S * 1000));
  return viewer;
}

/** Shared by every request that sends the same token: frozen. */
function viewerOf(payload: { role?: unknown; sub?: string; op?: unknown }): Viewer {
  const role = payload.role;
  if (role === 'anonymous') return ANONYMOUS;
  if (!isRole(role) || !payload.sub) throw new Error('identity without a valid role and subject');
  return Object.freeze({
    role,
    subject: payload.sub,
    customerId: role === 'customer' ? payload.sub : undefined,
    operation: typeof payload.op === 'string' ? payload.op : undefined,
  });
}
