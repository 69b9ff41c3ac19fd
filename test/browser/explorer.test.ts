import type { Browser, Page } from 'playwright-core';
import { STORY } from '../../demo/stories';
import { cspViolationsIn, screenshot, signIn, startConsoleUnderTest, watchedPage, type ConsoleUnderTest, type Watched } from './support/browser';

let setup: ConsoleUnderTest;
let graph: ConsoleUnderTest['graph'];
let browser: Browser;
let origin: string;

beforeAll(async () => {
  setup = await startConsoleUnderTest();
  ({ graph, browser, origin } = setup);
});
afterAll(async () => {
  await setup?.stop();
});

/** The response pane's text (Monaco draws only the lines in view; the answers here fit). */
const response = (page: Page) => page.locator('.graphiql-response');

async function openExplorerSignedIn(watched: Watched): Promise<void> {
  // The console keeps its sign-in in the tab's sessionStorage; the explorer in the same tab reads it.
  await signIn(watched.page, origin, /Support agent/);
  await watched.page.getByRole('button', { name: /sign out/i }).waitFor();
  await watched.page.goto(`${origin}/explorer`);
  await watched.page.getByTestId('identity').filter({ hasText: 'Signed in as' }).waitFor();
  // Monaco's editors come a moment after the page; until then a run or a tab switch does nothing.
  await queryEditor(watched.page).filter({ hasText: 'customer(' }).waitFor();
}

const queryEditor = (page: Page) => page.locator('.graphiql-query-editor');

async function switchToTab(page: Page, operationName: RegExp, text: string): Promise<void> {
  await page.getByRole('tab', { name: operationName }).click();
  await queryEditor(page).filter({ hasText: text }).waitFor();
}

async function expectCleanPage(watched: Watched): Promise<void> {
  expect(watched.outside).toEqual([]);
  expect(await cspViolationsIn(watched)).toEqual([]);
  expect(watched.pageErrors).toEqual([]);
}

/** Bob's case opened by another agent: a change Bob's activity subscription must hear. */
async function openCaseForBob(subject: string): Promise<void> {
  const opened = await graph.query(`mutation ($input: OpenSupportCaseInput!) { openSupportCase(input: $input) { number } }`, {
    input: { customerId: STORY.bob.id, subject, channel: 'PHONE', summary: subject },
  });
  expect(opened.errors).toBeUndefined();
}

/** Runs the active tab's subscription, then opens cases until an event shows (the stream may still be connecting). */
async function subscriptionHearsACase(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: /Execute query/ }).click();
  for (let attempt = 0; attempt < 20; attempt++) {
    await openCaseForBob(`${label} ${attempt}`);
    const heard = await response(page)
      .filter({ hasText: 'SUPPORT_CASE_OPENED' })
      .waitFor({ timeout: 500 })
      .then(() => true)
      .catch(() => false);
    if (heard) return;
  }
  throw new Error(`the ${label} subscription heard no event: ${await response(page).innerText()}`);
}

describe('GraphiQL at /explorer', () => {
  test('When the console page loads, then it carries none of the explorer (no Monaco, no GraphiQL)', async () => {
    const html = await (await fetch(`${origin}/`)).text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const body = await (await fetch(`${origin}${script}`)).text();
      expect(body).not.toMatch(/MonacoEnvironment|graphiql-container/);
    }
    const explorer = await fetch(`${origin}/explorer`);
    expect(explorer.status).toBe(200);
    const page = await explorer.text();
    expect(page).toMatch(/src="\/assets\/explorer-[^"]+\.js"/);
    expect(page).not.toMatch(/https?:\/\//);
  });

  test('When /explorer is served, then its policy loosens styles and fonts only: scripts and workers stay on this origin', async () => {
    const policy = (await fetch(`${origin}/explorer`)).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(policy.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['script-src']).toBe("'self'");
    expect(directives['worker-src']).toBeUndefined(); // falls back to script-src: no blob: workers
    expect(directives['connect-src']).toBe("'self'");
    expect(directives['style-src']).toBe("'self' 'unsafe-inline'");
    expect(directives['font-src']).toBe("'self' data:");
    expect(directives['frame-ancestors']).toBe("'none'");
    expect((await fetch(`${origin}/`)).headers.get('content-security-policy')).not.toContain('unsafe-inline');
  });

  test('When a signed-in agent runs the first example, then Bob is answered with the console token, offline and within policy', async () => {
    const watched = await watchedPage(browser, { width: 1400, height: 900 });
    try {
      await openExplorerSignedIn(watched);
      const { page } = watched;
      // The first tab is npm start's first curl line, named after what it asks for.
      await page.getByRole('tab', { name: /^Customer\b/ }).waitFor();
      await page.getByRole('button', { name: /Execute query/ }).click();
      await response(page).filter({ hasText: 'Bob Jones' }).waitFor({ timeout: 15_000 });
      // The schema came by introspection with the same token: the query builder lists the root fields.
      await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
      await page.locator('.graphiql-explorer-root').getByText('supportCase', { exact: true }).first().waitFor();
      await screenshot(page, 'explorer');
      const loaded = (await page.evaluate(() =>
        performance.getEntriesByType('resource').map((entry) => [entry.name, (entry as PerformanceResourceTiming).encodedBodySize]),
      )) as Array<[string, number]>;
      console.log(`explorer page: ${loaded.length} files, ${Math.round(loaded.reduce((sum, [, bytes]) => sum + bytes, 0) / 1024)} KB over the wire`);
      await expectCleanPage(watched);
    } finally {
      await watched.context.close();
    }
  });

  test('When a subscription runs over Server-Sent Events, then an event shows as another agent opens a case', async () => {
    const watched = await watchedPage(browser);
    try {
      await openExplorerSignedIn(watched);
      const { page } = watched;
      await page.getByLabel('Subscription transport').selectOption('sse');
      await switchToTab(page, /AgentCustomerActivity/, 'customerActivity(');
      const stream = page.waitForRequest((request) => request.url().endsWith('/graphql/stream'));
      await subscriptionHearsACase(page, 'SSE');
      expect((await stream).headers().authorization).toMatch(/^Bearer /);
      await expectCleanPage(watched);
    } finally {
      await watched.context.close();
    }
  });

  test('When a subscription runs over a WebSocket, then an event shows as another agent opens a case', async () => {
    const watched = await watchedPage(browser);
    try {
      await openExplorerSignedIn(watched);
      const { page } = watched;
      await page.getByLabel('Subscription transport').selectOption('ws');
      await switchToTab(page, /AgentCustomerActivity/, 'customerActivity(');
      const socket = page.waitForEvent('websocket');
      await subscriptionHearsACase(page, 'WebSocket');
      expect((await socket).url()).toBe(`${origin.replace('http', 'ws')}/graphql`);
      await screenshot(page, 'explorer-subscription');
      await expectCleanPage(watched);
    } finally {
      await watched.context.close();
    }
  });

  test('When a developer picks a catalogue operation in the Examples pane, then it opens in a new tab with its variables', async () => {
    const watched = await watchedPage(browser);
    try {
      await openExplorerSignedIn(watched);
      const { page } = watched;
      const tabs = await page.getByRole('tab').count();
      await page.getByRole('button', { name: 'Show Examples' }).click();
      await page.getByRole('button', { name: 'customerByPhone' }).click();
      await page.getByRole('tab', { name: /TillCustomerByPhone/ }).waitFor();
      expect(await page.getByRole('tab').count()).toBe(tabs + 1);
      await page.locator('.graphiql-editor-tool').filter({ hasText: '"phone": null' }).waitFor();
      await expectCleanPage(watched);
    } finally {
      await watched.context.close();
    }
  });
});
