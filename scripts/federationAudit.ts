import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { prepareCheckout, startAuditServer } from './federationAudit/checkout';
import { runSuite, type SuiteResult } from './federationAudit/suite';

/**
 * `npm run audit:federation -- --audit <checkout> [--planner apollo|hive] [--engine engine|stock]
 * [--suite <id>]… [--logs <dir>]`: the federation gateway audit (graphql-hive/federation-gateway-audit)
 * run against this gateway serving each suite's supergraph, passed/failed per suite and the totals.
 * Exit status 1 when a test fails. See docs/federation.md.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const checkout = prepareCheckout(resolve(args.audit), (line) => console.error(line));
  const logDir = args.logs ? resolve(args.logs) : mkdtempSync(resolve(tmpdir(), 'federation-audit-'));
  mkdirSync(logDir, { recursive: true });
  const server = await startAuditServer(checkout);
  const settings: Record<string, string> = { GATEWAY_ENGINE: args.engine };
  if (args.planner) settings.GATEWAY_PLANNER = args.planner;
  const results: SuiteResult[] = [];
  try {
    const ids = args.suites.length ? args.suites : server.ids;
    const unknown = ids.filter((id) => !server.ids.includes(id));
    if (unknown.length) throw new Error(`no such suite: ${unknown.join(', ')}`);
    console.log(`federation audit: ${ids.length} suites, planner ${args.planner ?? '(configured)'}, executor ${args.engine}; logs in ${logDir}`);
    for (const id of ids) {
      const result = await runSuite(id, { checkout, auditUrl: server.url, settings, logDir });
      results.push(result);
      const total = result.passed.length + result.failed.length;
      const mark = result.error ? `ERROR ${result.error}` : result.failed.length ? `FAIL ${result.failed.join(' ')}` : 'ok';
      console.log(`${id.padEnd(40)} ${String(result.passed.length).padStart(3)}/${String(total).padEnd(3)} ${mark}`);
    }
  } finally {
    server.stop();
  }
  const passed = results.reduce((sum, r) => sum + r.passed.length, 0);
  const failed = results.reduce((sum, r) => sum + r.failed.length, 0);
  const suitesPassed = results.filter((r) => !r.error && r.failed.length === 0).length;
  console.log(`\ntests: ${passed} passed, ${failed} failed of ${passed + failed}; suites: ${suitesPassed} of ${results.length} fully passed`);
  process.exit(failed > 0 || results.some((r) => r.error) ? 1 : 0);
}

interface Args {
  audit: string;
  planner?: string;
  engine: string;
  suites: string[];
  logs?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { audit: '', engine: 'engine', suites: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    const take = () => {
      if (value === undefined || value.startsWith('--')) usage(`${argv[i]} needs a value`);
      i++;
      return value;
    };
    if (argv[i] === '--audit') args.audit = take();
    else if (argv[i] === '--planner') args.planner = take();
    else if (argv[i] === '--engine') args.engine = take();
    else if (argv[i] === '--suite') args.suites.push(take());
    else if (argv[i] === '--logs') args.logs = take();
    else usage(`unknown argument ${argv[i]}`);
  }
  if (!args.audit) usage('--audit <path of a federation-gateway-audit checkout> is required');
  return args;
}

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run audit:federation -- --audit <checkout> [--planner apollo|hive] [--engine engine|stock] [--suite <id>]… [--logs <dir>]`);
  process.exit(2);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
