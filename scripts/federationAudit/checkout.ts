import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectPath } from '../../common/paths';

/**
 * A checkout of graphql-hive/federation-gateway-audit (MIT), outside this repository. Its own
 * dependencies come from the registry (`npm install --omit=dev`: some of its dev dependencies, the
 * other gateways it measures, are not on it); the two dev dependencies its CLI needs, tsx and
 * graphql, are this project's own copies, so nothing is installed twice.
 */
export interface AuditCheckout {
  dir: string;
  /** `node` arguments that load tsx and the Promise.withResolvers polyfill before the audit's code. */
  nodeImports: string[];
}

export function prepareCheckout(dir: string, log: (line: string) => void): AuditCheckout {
  if (!existsSync(join(dir, 'src', 'test-suites')) || !existsSync(join(dir, 'src', 'test.ts'))) {
    throw new Error(`${dir} is not a checkout of graphql-hive/federation-gateway-audit (no src/test-suites, src/test.ts)`);
  }
  if (!existsSync(join(dir, 'node_modules', 'fets'))) {
    log(`installing the audit's dependencies in ${dir} (npm install --omit=dev)`);
    const npm = spawnSync('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (npm.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${npm.status})`);
  }
  // graphql is the audit's peer dependency: its server and tests resolve it from the checkout.
  const graphql = join(dir, 'node_modules', 'graphql');
  if (!existsSync(graphql)) symlinkSync(projectPath('node_modules', 'graphql'), graphql, 'dir');
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const polyfill = pathToFileURL(join(__dirname, 'withResolvers.mjs')).href;
  return { dir, nodeImports: ['--import', polyfill, '--import', tsx] };
}

/** A port free now (the audit's server takes a port number, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The audit's server (every suite's subgraphs, supergraphs and tests), started with its own CLI. */
export async function startAuditServer(checkout: AuditCheckout): Promise<{ url: string; ids: string[]; stop(): void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...checkout.nodeImports, join(checkout.dir, 'src', 'cli.ts'), 'serve', '--port', String(port)], {
    cwd: checkout.dir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => void child.kill();
  try {
    const ids = await waitForIds(url, child);
    return { url, ids, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

async function waitForIds(url: string, child: ChildProcess): Promise<string[]> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 300 && !exited; attempt++) {
    try {
      const response = await fetch(`${url}/ids`);
      if (response.ok) return (await response.json()) as string[];
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(exited ? "the audit's server exited" : "the audit's server did not answer /ids within 60 s");
}
