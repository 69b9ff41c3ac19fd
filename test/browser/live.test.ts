import type { Browser } from 'playwright-core';
import { STORY } from '../../demo/stories';
import { cspViolationsIn, startConsoleUnderTest, type ConsoleUnderTest, screenshot, signIn, watchedPage, type Watched } from './support/browser';

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

const order = (watched: Watched) => watched.page.locator(`[data-order="${STORY.bob.placedOrder}"]`);

describe('live updates in the browser', () => {
  test("When an order is cancelled through the API, then the agent console and Bob's account page both show it within 1 s, without reload", async () => {
    const agent = await watchedPage(browser);
    const bob = await watchedPage(browser, { width: 375, height: 800 });
    try {
      await signIn(agent.page, origin, /Support agent/);
      await agent.page.getByLabel(/order, case or SKU/).fill(STORY.bob.email.toUpperCase());
      await agent.page.getByRole('button', { name: 'Search' }).click();
      await signIn(bob.page, origin, /Bob Jones/);
      for (const page of [agent, bob]) {
        await order(page).locator('.status', { hasText: 'Placed' }).waitFor({ timeout: 10_000 });
        await page.page.getByText(/· live$/).waitFor({ timeout: 10_000 });
      }
      const cancel = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: OUT_OF_STOCK) { status } }`);
      expect(cancel.data.cancelOrder.status).toBe('CANCELLED');
      // From the moment the cancellation is made (the API has answered) to both screens showing it.
      const started = Date.now();
      const seen = await Promise.all(
        [agent, bob].map(async (page) => {
          await order(page).locator('.status', { hasText: 'Cancelled' }).waitFor({ timeout: 5_000 });
          return Date.now() - started;
        }),
      );
      console.log(`cancellation through the API -> shown: agent console ${seen[0]} ms, account page ${seen[1]} ms`);
      expect(Math.max(...seen)).toBeLessThan(1000);
      await order(bob).getByText(/The customer was told/).waitFor();
      await screenshot(agent.page, 'live-agent-after-cancel');
      await screenshot(bob.page, 'live-account-375px');
      for (const page of [agent, bob]) {
        expect(page.outside).toEqual([]);
        expect(await cspViolationsIn(page)).toEqual([]);
        expect(page.pageErrors).toEqual([]);
      }
    } finally {
      await agent.context.close();
      await bob.context.close();
    }
  });
});
