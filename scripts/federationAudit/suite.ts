import { spawn } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { gatewayEnvironment, loadGatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/createGateway';
import type { AuditCheckout } from './checkout';
import { countTests } from './tap';

export interface SuiteResult {
  id: string;
  passed: string[];
  failed: string[];
  /** The suite could not run at all (the gateway refused the supergraph, say). */
  error?: string;
}

export interface SuiteOptions {
  checkout: AuditCheckout;
  auditUrl: string;
  /** Settings for the gateway, as environment variables (GATEWAY_PLANNER, GATEWAY_ENGINE, …). */
  settings: Record<string, string>;
  /** Where the supergraph, the gateway's log and the tests' TAP output of each suite are written. */
  logDir: string;
}

/**
 * One suite of the audit: the gateway started in this process on the suite's supergraph (agent
 * tools off: they are written for this project's schema), then the audit's own test file run
 * against it by node's test runner in a child process, each test counted from its TAP line.
 */
export async function runSuite(id: string, options: SuiteOptions): Promise<SuiteResult> {
  const response = await fetch(`${options.auditUrl}/${id}/supergraph`);
  if (!response.ok) return { id, passed: [], failed: [], error: `supergraph: HTTP ${response.status}` };
  const supergraphPath = join(options.logDir, `${id}.supergraph.graphql`);
  writeFileSync(supergraphPath, await response.text());
  const logFile = createWriteStream(join(options.logDir, `${id}.gateway.log`));
  const log = pino({ level: 'info' }, logFile);
  const env = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SUPERGRAPH_PATH: supergraphPath,
    SUPERGRAPH_URL: '',
    GATEWAY_SUPERGRAPH: 'file',
    AGENT_TOOLS: 'off',
    REDIS_URL: '',
    // The audit's requests carry no token; the demo keys let the gateway start without a key store.
    DEMO_MODE: 'true',
    ...options.settings,
  };
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    const environment = gatewayEnvironment([], env);
    gateway = await startGateway(loadGatewayConfig(environment.env, environment.subgraphs), log);
    const tap = await auditTests(id, gateway.url, options);
    writeFileSync(join(options.logDir, `${id}.tests.tap`), tap.output);
    return { id, ...countTests(id, tap.output), ...(tap.code !== 0 && tap.output.trim() === '' ? { error: `tests exited ${tap.code}` } : {}) };
  } catch (error) {
    return { id, passed: [], failed: [], error: error instanceof Error ? error.message : String(error) };
  } finally {
    await gateway?.stop();
    logFile.end();
  }
}

function auditTests(id: string, graphqlUrl: string, options: SuiteOptions): Promise<{ code: number | null; output: string }> {
  const { checkout } = options;
  const child = spawn(process.execPath, [...checkout.nodeImports, '--test', '--test-reporter=tap', join(checkout.dir, 'src', 'test.ts')], {
    cwd: checkout.dir,
    env: { ...process.env, TEST_SUITE: id, TESTS_ENDPOINT: `${options.auditUrl}/${id}/tests`, GRAPHQL_ENDPOINT: graphqlUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}
