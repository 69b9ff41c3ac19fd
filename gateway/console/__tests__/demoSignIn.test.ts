import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { loadAuthConfig } from '../../auth/authConfig';
import { demoSignInRoute } from '../demoSignIn';

/** /auth/demo behind a bare HTTP server: a route that declines (false) is a 404, as in the gateway. */
async function serve(demo: boolean) {
  // The same settings with demo mode off: only the flag decides whether the route exists.
  const auth = { ...loadAuthConfig({ DEMO_MODE: 'true' }), demo };
  const route = demoSignInRoute(auth);
  const server = http.createServer(async (req, res) => {
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
