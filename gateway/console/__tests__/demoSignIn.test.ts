import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { loadAuthConfig } from '../../auth/authConfig';
import { demoSignInRoute, isLoopback } from '../demoSignIn';

/**
 * /auth/demo behind a bare HTTP server: a route that declines (false) is a 404, as in the gateway.
 * `from`: the caller's address as the route sees it (the test itself always connects over loopback).
 */
async function serve(demo: boolean, options: { env?: Record<string, string>; from?: string; remote?: boolean } = {}) {
  // The same settings with demo mode off: only the flag decides whether the route exists.
  const auth = { ...loadAuthConfig({ DEMO_MODE: 'true', ...options.env }), demo };
  const route = demoSignInRoute(auth, { remote: options.remote });
  const server = http.createServer(async (req, res) => {
    if (options.from) Object.defineProperty(req.socket, 'remoteAddress', { value: options.from });
    if ((await route(req, res)) === false) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/demo`;
  return { url, auth, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('demo sign-in (/auth/demo)', () => {
  test('When the gateway is in demo mode, then a listed identity gets a token for that role and subject, and an unlisted one is refused', async () => {
    const { url, auth, close } = await serve(true);
    try {
      const listed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'customer', subject: 'CUS-000002' }) });
      const body = (await listed.json()) as { token: string };
      const { payload } = await jwtVerify(body.token, auth.jwtSecret!, { issuer: auth.issuer, audience: auth.audience });
      expect(payload).toMatchObject({ role: 'customer', sub: 'CUS-000002' });
      const unlisted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'service', subject: 'anything' }) });
      expect(unlisted.status).toBe(400);
      const form = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'role=agent' });
      expect(form.status).toBe(415);
    } finally {
      await close();
    }
  });

  const post = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'agent' }) });

  test('When a caller on another machine asks, then it is refused 403 unless DEMO_SIGN_IN_REMOTE allows it', async () => {
    const local = await serve(true, { from: '203.0.113.9' });
    const allowed = await serve(true, { from: '203.0.113.9', remote: true });
    try {
      const refused = await post(local.url);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'DEMO_SIGN_IN_LOCAL_ONLY' } }] });
      expect((await fetch(local.url)).status).toBe(403);
      expect((await post(allowed.url)).status).toBe(200);
    } finally {
      await local.close();
      await allowed.close();
    }
  });

  test.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['::ffff:192.168.1.4', false],
    ['fe80::1', false],
    [undefined, false],
  ])('When the caller is at %s, then it counts as this machine: %s', (address, expected) => {
    expect(isLoopback(address)).toBe(expected);
  });

  test.each([
    ['a JWKS_URL', { JWKS_URL: 'https://id.example.org/jwks.json' }],
    ['its own JWT_SECRET', { JWT_SECRET: 'an-operators-own-secret-of-more-than-32-characters' }],
  ])('When the gateway verifies tokens with %s, then demo sign-in answers 403 and signs nothing (not a 500, never with that secret)', async (_case, env) => {
    const { url, close } = await serve(true, { env });
    try {
      const response = await post(url);
      expect(response.status).toBe(403);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ errors: [{ extensions: { code: 'DEMO_SIGN_IN_UNAVAILABLE' } }] });
      expect(body.token).toBeUndefined();
      expect((await fetch(url)).status).toBe(403);
    } finally {
      await close();
    }
  });

  test('When the gateway is not in demo mode, then /auth/demo does not exist', async () => {
    const { url, close } = await serve(false);
    try {
      expect((await fetch(url)).status).toBe(404);
      expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"agent"}' })).status).toBe(404);
    } finally {
      await close();
    }
  });
});
