import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { sendJson, sendJsonError, type Route } from '../../common/http';
import { DEMO_JWT_SECRET } from '../../common/identity';
import type { AuthConfig } from '../auth/authConfig';
import { DEMO_SUBJECTS, signDemoToken } from '../auth/demoTokens';

/** The identities the console's sign-in offers in demo mode: staff roles and the story customers. */
export const DEMO_IDENTITIES = [
  { role: 'agent', subject: DEMO_SUBJECTS.agent, label: 'Support agent (Ada)' },
  { role: 'store', subject: DEMO_SUBJECTS.store, label: 'Store till 42' },
  { role: 'customer', subject: 'CUS-000002', label: 'Customer Bob Jones' },
  { role: 'customer', subject: 'CUS-000001', label: 'Customer Alice Smith' },
  { role: 'customer', subject: 'CUS-000003', label: 'Customer Chris Taylor' },
  { role: 'customer', subject: 'CUS-000004', label: 'Customer Dana Lee' },
  { role: 'customer', subject: 'CUS-000005', label: 'Customer Erin Moore' },
] as const;

/**
 * `/auth/demo`, demo mode only (DEMO_MODE=true, as `npm start` sets): GET lists the identities, POST
 * {role, subject} answers a short-lived token signed with the demo secret, as an identity provider
 * would. Outside demo mode the route does not exist: a real deployment's users bring a token from
 * the identity provider (docs/console.md). It answers callers on this machine only (loopback) unless
 * DEMO_SIGN_IN_REMOTE says otherwise, and signs with the published demo secret only: a gateway that
 * verifies with its own JWT_SECRET or a JWKS_URL gets a 403 saying so, never a token. JSON only, so
 * another site's form cannot post here.
 */
export function demoSignInRoute(auth: AuthConfig, options: { remote?: boolean } = {}): Route {
  const demoSecret = new TextEncoder().encode(DEMO_JWT_SECRET);
  const signsWithDemoSecret = !auth.jwksUrl && auth.jwtSecret !== undefined && auth.jwtSecret.length === demoSecret.length && timingSafeEqual(auth.jwtSecret, demoSecret);
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!auth.demo) return false;
    res.setHeader('cache-control', 'no-store');
    if (!options.remote && !isLoopback(req.socket.remoteAddress)) {
      return sendJsonError(res, 403, 'DEMO_SIGN_IN_LOCAL_ONLY', 'Demo sign-in answers callers on the gateway\'s own machine only (DEMO_SIGN_IN_REMOTE=true allows others)');
    }
    if (!signsWithDemoSecret) {
      return sendJsonError(res, 403, 'DEMO_SIGN_IN_UNAVAILABLE', 'Demo sign-in signs with the demo secret only, and this gateway verifies tokens with its own JWT_SECRET or JWKS_URL: sign in with a token from the identity provider');
    }
    if (req.method === 'GET') return sendJson(res, 200, { identities: DEMO_IDENTITIES });
    if (req.method !== 'POST') return sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', 'GET or POST /auth/demo');
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
      return sendJsonError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'POST /auth/demo with content-type application/json');
    }
    const body = await readSmallJson(req);
    const identity = DEMO_IDENTITIES.find((i) => i.role === body?.role && i.subject === (body?.subject ?? i.subject));
    if (!identity) {
      return sendJsonError(res, 400, 'BAD_USER_INPUT', `Unknown demo identity: role must be one of agent, store, customer with a listed subject`);
    }
    const token = await signDemoToken(auth, identity.role, identity.subject, '8h');
    sendJson(res, 200, { token, role: identity.role, subject: identity.subject, label: identity.label });
  };
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (a dual-stack listener's view of 127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

async function readSmallJson(req: IncomingMessage): Promise<{ role?: unknown; subject?: unknown } | undefined> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 1024) return undefined;
  }
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
