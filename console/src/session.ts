/**
 * Who is signed in: a bearer token and what it says about its holder. Kept in sessionStorage (gone
 * with the tab). The page holds only this token, never a signing secret: in demo mode the gateway's
 * /auth/demo signs it; in a real deployment the user pastes one from the identity provider.
 */
export interface Session {
  token: string;
  role: string;
  subject: string;
  label: string;
}

const KEY = 'customer-graph.session';

export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** Reads (does not verify: the gateway does) a pasted token's role and subject, to pick the view. */
export function sessionFromToken(token: string): Session {
  const parts = token.trim().split('.');
  if (parts.length !== 3) throw new Error('That is not a JWT bearer token (three dot-separated parts)');
  const payload = JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown; sub?: unknown };
  const role = typeof payload.role === 'string' ? payload.role : 'agent';
  const subject = typeof payload.sub === 'string' ? payload.sub : '';
  return { token: token.trim(), role, subject, label: `${role} ${subject}` };
}

export interface DemoIdentity {
  role: string;
  subject: string;
  label: string;
}

/** The demo identities, or undefined when the gateway is not in demo mode (the route is absent). */
export async function demoIdentities(): Promise<DemoIdentity[] | undefined> {
  const response = await fetch('/auth/demo', { headers: { accept: 'application/json' } });
  if (!response.ok) return undefined;
  return ((await response.json()) as { identities: DemoIdentity[] }).identities;
}

export async function demoSignIn(identity: DemoIdentity): Promise<Session> {
  const response = await fetch('/auth/demo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: identity.role, subject: identity.subject }),
  });
  const body = (await response.json()) as Session & { errors?: { message: string }[] };
  if (!response.ok) throw new Error(body.errors?.[0]?.message ?? `Sign-in failed (${response.status})`);
  return { token: body.token, role: body.role, subject: body.subject, label: body.label };
}
