import type { Browser } from 'playwright-core';
import { STORY } from '../../demo/stories';
import { cspViolationsIn, startConsoleUnderTest, type ConsoleUnderTest, screenshot, signIn, watchedPage } from './support/browser';

let setup: ConsoleUnderTest;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  setup = await startConsoleUnderTest();
  ({ browser, origin } = setup);
});
afterAll(async () => {
  await setup?.stop();
});

describe('the console served by the gateway', () => {
  test('When a browser opens /, then the page comes with a strict CSP and no-cache, and its hashed assets are immutable', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${origin}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${origin}/assets/nothing-here.js`)).status).toBe(404);
  });

  test('When a browser opens /graphql, then it is sent to the bundled explorer, not a CDN-loaded landing page', async () => {
    const response = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/explorer');
    const explorer = await fetch(`${origin}/explorer`);
    expect(explorer.status).toBe(200);
    expect(await explorer.text()).not.toMatch(/apollographql|cdn\./i);
  });

  test('When the agent signs in and searches the order number Bob quotes, then Bob is painted with that order, offline and within policy', async () => {
    const watched = await watchedPage(browser);
    try {
      await signIn(watched.page, origin, /Support agent/);
      await watched.page.getByLabel(/order, case or SKU/).fill(STORY.bob.deliveredOrder);
      const started = Date.now();
      await watched.page.getByRole('button', { name: 'Search' }).click();
      await watched.page.getByRole('heading', { name: 'Bob Jones' }).waitFor({ timeout: 10_000 });
      const paintMs = Date.now() - started;
      await watched.page.locator(`[data-order="${STORY.bob.deliveredOrder}"].focused`).waitFor();
      await screenshot(watched.page, 'smoke-agent-bob');
      console.log(`search -> Bob painted: ${paintMs} ms`);
      expect(watched.outside).toEqual([]);
      expect(await cspViolationsIn(watched)).toEqual([]);
      expect(watched.pageErrors).toEqual([]);
    } finally {
      await watched.context.close();
    }
  });
});
