import type { Browser, Page } from 'playwright-core';
import { STORY } from '../../demo/stories';
import { cspViolationsIn, startConsoleUnderTest, type ConsoleUnderTest, screenshot, signIn, watchedPage, type Watched } from './support/browser';

/** The five customer stories acted out in the agent console, then the failure cases. */
let setup: ConsoleUnderTest;
let graph: ConsoleUnderTest['graph'];
let browser: Browser;
let origin: string;
let agent: Watched & { context: { close(): Promise<void> } };
const paintTimes: number[] = [];

beforeAll(async () => {
  setup = await startConsoleUnderTest();
  ({ graph, browser, origin } = setup);
  agent = await watchedPage(browser);
  await signIn(agent.page, origin, /Support agent/);
});
afterAll(async () => {
  if (paintTimes.length > 0) {
    const sorted = [...paintTimes].sort((a, b) => a - b);
    console.log(`search -> customer painted over ${sorted.length} searches: median ${sorted[Math.floor(sorted.length / 2)]} ms (all: ${sorted.join(', ')})`);
  }
  await agent?.context.close();
  await setup?.stop();
});
afterEach(async () => {
  expect(agent.outside).toEqual([]);
  expect(await cspViolationsIn(agent)).toEqual([]);
  expect(agent.pageErrors).toEqual([]);
});

/** Types what the customer quotes, presses Search, and waits for `painted` (the time is recorded). */
async function search(page: Page, reference: string, painted: string): Promise<void> {
  await page.getByLabel(/order, case or SKU/).fill(reference);
  const started = Date.now();
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: painted }).first().waitFor({ timeout: 10_000 });
  paintTimes.push(Date.now() - started);
}

const card = (page: Page, kind: 'order' | 'case', number: string) => page.locator(`[data-${kind}="${number}"]`);

describe('the customer stories in the agent console', () => {
  test('Bob: found from the phone number he quotes in his own formatting, and from his order number', async () => {
    await search(agent.page, '(555) 010-0200', 'Bob Jones');
    await search(agent.page, `${STORY.bob.deliveredOrder.slice(0, 3)} ${STORY.bob.deliveredOrder.slice(3, 6)} ${STORY.bob.deliveredOrder.slice(6)}`, 'Bob Jones');
    await card(agent.page, 'order', STORY.bob.deliveredOrder).and(agent.page.locator('.focused')).waitFor();
    await screenshot(agent.page, 'story-bob');
  });

  test("Alice: the agent starts her warranty replacement and the label and tracking number show", async () => {
    await search(agent.page, STORY.alice.order, 'Alice Smith');
    const order = card(agent.page, 'order', STORY.alice.order);
    await order.getByText(/Active until/).waitFor();
    await order.getByText(`Warranty return for order ${STORY.alice.order}`).click();
    await order.getByLabel('Resolution').selectOption('REPLACEMENT');
    await order.getByRole('button', { name: 'Start return' }).click();
    const placed = order.locator('.returns li', { hasText: 'Replacement of Dell Inspiron 15 3000 Series Laptop' });
    await placed.waitFor({ timeout: 5_000 });
    expect(await placed.locator('.tracking').innerText()).toMatch(/\S{6,}/);
    expect(await placed.getByRole('link', { name: 'shipping label' }).getAttribute('href')).toMatch(/^https?:\/\//);
    await screenshot(agent.page, 'story-alice-replacement');
  });

  test("Chris: his case's whole history across calls, and the agent's note joins it", async () => {
    await search(agent.page, STORY.chris.case, 'Chris Taylor');
    const supportCase = card(agent.page, 'case', STORY.chris.case);
    const history = supportCase.getByRole('list', { name: `History of case ${STORY.chris.case}` }).locator('li');
    const before = await history.count();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(new Set(await history.locator('.channel').allInnerTexts()).size).toBeGreaterThanOrEqual(2);
    await supportCase.getByText(`Add an interaction to case ${STORY.chris.case}`).click();
    await supportCase.getByLabel('Channel').selectOption('PHONE');
    await supportCase.getByLabel('What happened').fill('Chris called again; no need to repeat the history, it is all here.');
    await supportCase.getByRole('button', { name: 'Add interaction' }).click();
    await history.filter({ hasText: 'no need to repeat the history' }).waitFor({ timeout: 5_000 });
    expect(await history.count()).toBe(before + 1);
    await screenshot(agent.page, 'story-chris-case');
  });

  test("Dana: the incident number from the email, typed in lower case, finds her case", async () => {
    await search(agent.page, STORY.dana.incident.toLowerCase(), 'Dana Lee');
    const supportCase = card(agent.page, 'case', STORY.dana.incident);
    await supportCase.and(agent.page.locator('.focused')).waitFor();
    await supportCase.getByText(/quoting CS-482913/).waitFor();
    await screenshot(agent.page, 'story-dana-incident');
  });

  test("Erin: her cancellation shows the true reason and the exact message she was told", async () => {
    const { data } = await graph.query(`{ order(number: "${STORY.erin.order}") { cancellation { reason message } } }`);
    await search(agent.page, STORY.erin.email.toUpperCase(), 'Erin Moore');
    const order = card(agent.page, 'order', STORY.erin.order);
    await order.locator('.cancellation').getByText(data.order.cancellation.message, { exact: false }).waitFor();
    const reason = (data.order.cancellation.reason as string).toLowerCase().replace(/_/g, ' ');
    expect((await order.locator('.cancellation').innerText()).toLowerCase()).toContain(reason);
    await screenshot(agent.page, 'story-erin-cancellation');
  });

  test('The party lights: the mailer price on the web and at the till, with the promotion behind it', async () => {
    await search(agent.page, STORY.partyLights.sku.toLowerCase(), 'Party Lights, 20 bulbs PARTY-LIGHTS-20');
    const prices = agent.page.getByRole('table', { name: /Prices of Party Lights/ });
    for (const channel of ['web', 'store']) {
      const row = prices.locator(`[data-channel="${channel}"]`);
      expect(await row.innerText()).toContain(`$${STORY.partyLights.mailerPrice}`);
      expect(await row.innerText()).toContain('Garden party mailer');
    }
    await screenshot(agent.page, 'story-party-lights');
  });

  test('An unknown reference says so plainly', async () => {
    await agent.page.getByLabel(/order, case or SKU/).fill('999999999');
    await agent.page.getByRole('button', { name: 'Search' }).click();
    await agent.page.getByText('No customer, order, case or product matches “999999999”.').waitFor();
  });

  test("A validation error from the graph appears beside the field, and the failed action writes nothing", async () => {
    await search(agent.page, STORY.bob.email, 'Bob Jones');
    const count = async () => (await graph.query(`{ customer(id: "${STORY.bob.id}") { supportCases { number } } }`)).data.customer.supportCases.length;
    const before = await count();
    await agent.page.getByText('Open a case').click();
    const form = agent.page.getByRole('form', { name: 'Open a case' });
    await form.getByLabel('Subject').fill('Charger stopped working');
    await form.getByLabel('What the customer said').fill('   ');
    await form.getByRole('button', { name: 'Open case' }).click();
    const field = form.getByLabel('What the customer said');
    await form.locator('[aria-invalid="true"]').or(form.locator('.field-error')).first().waitFor({ timeout: 5_000 });
    const error = form.locator('#' + (await field.getAttribute('aria-describedby')));
    expect(await error.innerText()).toMatch(/summary/i);
    expect(await count()).toBe(before);
    await screenshot(agent.page, 'validation-error');
  });
});

describe('what a page must not show', () => {
  test("A customer's account page cannot show another customer", async () => {
    const bob = await watchedPage(browser, { width: 375, height: 800 });
    try {
      await signIn(bob.page, origin, /Bob Jones/);
      await bob.page.getByRole('heading', { name: 'Bob Jones' }).waitFor({ timeout: 10_000 });
      await bob.page.goto(`${origin}/#/account/${STORY.alice.id}`);
      await bob.page.getByRole('alert').waitFor({ timeout: 10_000 });
      const text = await bob.page.locator('main').innerText();
      expect(text).not.toContain('Alice');
      expect(text).not.toContain(STORY.alice.order);
      await screenshot(bob.page, 'account-other-customer-refused');
    } finally {
      await bob.context.close();
    }
  });

  test('When Support is down, the page says which part is missing and the rest still shows', async () => {
    await graph.stopSubgraph('support');
    await search(agent.page, STORY.chris.email, 'Chris Taylor');
    await agent.page.getByText('Support is unavailable: cases not shown').waitFor({ timeout: 10_000 });
    await card(agent.page, 'order', STORY.chris.order).waitFor();
    await agent.page.getByText('Notifications sent').waitFor();
    await screenshot(agent.page, 'support-down');
  });
});
