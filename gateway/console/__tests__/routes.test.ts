import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../../common/logger';
import { loadAuthConfig } from '../../auth/authConfig';
import { loadConsoleConfig } from '../consoleConfig';
import { consoleRoutes } from '../routes';

/** The console routes behind a bare HTTP server, serving a two-page build written here. */
async function serve(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'console-routes-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'explorer.html'), '<!doctype html><title>explorer</title>');
  const config = loadConsoleConfig({ ...env, CONSOLE_DIR: dir });
  const routes = consoleRoutes(config, loadAuthConfig({ DEMO_MODE: 'true' }), createLogger('test', { LOG_LEVEL: 'silent' }));
  const server = http.createServer(async (req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route || (await route(req, res)) === false) {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const directives = (policy: string | null) => Object.fromEntries((policy ?? '').split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('the console routes', () => {
  test("When /explorer is served, then only its policy allows inline styles and data: fonts (GraphiQL's editor needs them); scripts stay 'self' on both pages", async () => {
    const { origin, close } = await serve({});
    try {
      const explorer = directives((await fetch(`${origin}/explorer`)).headers.get('content-security-policy'));
      const consolePage = directives((await fetch(`${origin}/`)).headers.get('content-security-policy'));
      expect(explorer['style-src']).toBe("'self' 'unsafe-inline'");
      expect(explorer['font-src']).toBe("'self' data:");
      expect(consolePage['style-src']).toBe("'self'");
      expect(consolePage['font-src']).toBe("'self'");
      for (const page of [explorer, consolePage]) {
        expect(page['script-src']).toBe("'self'");
        expect(page['worker-src']).toBeUndefined();
        expect(page['default-src']).toBe("'none'");
      }
    } finally {
      await close();
    }
  });

  test('When NODE_ENV=production, then /explorer is off unless EXPLORER=on, and /graphql sends browsers to the console instead', async () => {
    const off = await serve({ NODE_ENV: 'production' });
    try {
      expect((await fetch(`${off.origin}/explorer`)).status).toBe(404);
      const redirect = await fetch(`${off.origin}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe('/');
    } finally {
      await off.close();
    }
    const on = await serve({ NODE_ENV: 'production', EXPLORER: 'on' });
    try {
      expect((await fetch(`${on.origin}/explorer`)).status).toBe(200);
    } finally {
      await on.close();
    }
  });
});
