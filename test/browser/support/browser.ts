import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createLogger } from '../../../common/logger';
import { projectPath } from '../../../common/paths';
import { startGateway } from '../../../gateway/createGateway';
import { startTestGraph, type TestGraph } from '../../support/graph';

/** Debian's chromium, driven by playwright-core: no browser download, ever. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Where screenshots go: a folder outside the tree by default, so a test run leaves `git status`
 * clean; `UPDATE_SCREENSHOTS=1` writes the committed ones (and the rest, which console/screenshots'
 * .gitignore keeps out) for docs/console.md.
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? projectPath('console', 'screenshots') : join(tmpdir(), 'customer-graph-console-screenshots');

/**
 * The console and the explorer built into a folder of this test file's own (parallel test files do
 * not share one), as `npm run build:console` builds them: the console first, emptying the folder.
 */
export function buildConsole(): string {
  const dir = mkdtempSync(join(tmpdir(), 'console-build-'));
  for (const [config, empty] of [['vite.config.mts', ['--emptyOutDir']], ['explorer.vite.config.mts', []]] as const) {
    execFileSync(process.execPath, [projectPath('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', projectPath('console', config), '--outDir', dir, ...empty], {
      cwd: projectPath(),
      stdio: 'pipe',
      // What ships: jest's NODE_ENV=test would otherwise give React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  return dir;
}

export function removeBuild(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export interface Watched {
  page: Page;
  /** Requests that tried to leave this machine (all aborted). */
  outside: string[];
  /** Content-Security-Policy violations the page reported. */
  cspViolations: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A fresh page (own context: own storage) whose every request to another host is aborted and
 * recorded, and whose CSP violations and uncaught errors are collected, so a test can assert none.
 */
export async function watchedPage(browser: Browser, viewport = { width: 1100, height: 900 }): Promise<Watched & { context: BrowserContext }> {
  const context = await browser.newContext({ viewport });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  // Injected by the browser itself (not the page), so the policy under test does not block it.
  await context.addInitScript({
    content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return { context, page, outside, cspViolations, pageErrors };
}

export async function cspViolationsIn(watched: Watched): Promise<string[]> {
  const fromEvents = (await watched.page.evaluate('window.__csp || []')) as string[];
  return [...watched.cspViolations, ...fromEvents];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Signs in through the console's demo sign-in (the gateway's /auth/demo). */
export async function signIn(page: Page, origin: string, label: RegExp): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByRole('button', { name: label }).click();
}

export interface ConsoleUnderTest {
  graph: TestGraph;
  browser: Browser;
  /** The gateway's origin, where the console is served. */
  origin: string;
  /**
   * Stops the gateway, waits `downMs`, and starts a new one with the same configuration on the same
   * port, as a restarted gateway process would be (the subgraphs stay up). Resolves once it listens.
   */
  restartGateway(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** The setup every browser test file shares: the console built, the whole graph serving it, chromium. */
export async function startConsoleUnderTest(): Promise<ConsoleUnderTest> {
  const build = buildConsole();
  process.env.CONSOLE_DIR = build;
  const graph = await startTestGraph().catch((error: unknown) => {
    removeBuild(build);
    throw error;
  });
  // A browser that fails to start (chromium missing) must not leave the graph running: jest would never exit.
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await graph.stop();
    removeBuild(build);
    throw error;
  });
  let restarted: TestGraph['gateway'] | undefined;
  return {
    graph,
    browser,
    origin: new URL(graph.gatewayUrl).origin,
    async restartGateway(downMs) {
      const stopped = graph.gateway;
      // The stack stops this gateway again when the graph stops: a second stop waits for the first.
      await stopped.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      const logEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
      graph.gateway = await startGateway({ ...stopped.config, port: stopped.port }, createLogger('gateway', logEnv));
      restarted = graph.gateway;
    },
    async stop() {
      await browser.close();
      await restarted?.stop();
      await graph.stop();
      removeBuild(build);
    },
  };
}
