import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './processes';

export type GatewayKey = 'ours' | 'apollo' | 'hive';
export const GATEWAY_KEYS: GatewayKey[] = ['ours', 'apollo', 'hive'];
export const GATEWAY_LABELS: Record<GatewayKey, string> = {
  ours: 'ours (auth on)',
  apollo: 'stock @apollo/gateway',
  hive: '@graphql-hive/gateway',
};

export interface BenchSettings {
  quick: boolean;
  /** Generated customers (each with orders, cases, notifications); at least 10,000. */
  customers: number;
  /** Rounds of A B C; medians are over rounds. */
  rounds: number;
  /** Concurrent connections of the load generator. */
  connections: number;
  /**
   * Distinct callers (signed bearer tokens) each gateway load cycles through: a token is verified on
   * its first request and remembered for 60 s (gateway/auth/tokenVerifier.ts), so with enough of
   * them every request of a timed run pays for verifying its caller, as a crowd of users would.
   */
  callers: number;
  /** Each gateway's own warm-up (the mix) before its timed runs. */
  warmupS: number;
  /**
   * The subgraphs' warm-up (their planned fetches, sent directly) before any gateway runs. Their
   * CPU per request falls from ~5 ms to ~1.5 ms over the first 40 s of load (JIT, caches); a short
   * warm-up hands the first gateway of a round subgraphs twice as slow as the last one gets.
   */
  subgraphWarmupS: number;
  /** The customer overview alone: the operation the targets are set on. */
  overviewS: number;
  /** Each other operation alone (0: measured only inside the mix). */
  otherOperationS: number;
  /** The four operations interleaved. */
  mixS: number;
  /**
   * The customer overview held at this many req/s for every gateway (0: not run). CPU per request
   * falls as req/s rises, so free-running gateways that reach different req/s are not compared at
   * equal load; this pass is.
   */
  equalRate: number;
  equalRateS: number;
  /** Distinct operations sent to our gateway after its timed runs, to measure its plan cache and RSS (0: not run). */
  planCacheOperations: number;
  /** Straight to one subgraph, no gateway. */
  ceilingS: number;
  /** Our gateway as two processes (node:cluster) on both cores: a separate row. */
  scaling: boolean;
  db: 'postgres' | 'pglite';
  databaseUrl: string;
  gateways: GatewayKey[];
  /** Our gateway's LOG_LEVEL (its request log writes one line per operation at info). */
  logLevel: string;
  /** Writes V8 CPU profiles of the gateways (node --cpu-prof) under bench/results/logs/profiles. */
  profile: boolean;
  /**
   * Node flags for our gateway only: those `npm run start:gateway` gives it (package.json), so it
   * runs as started, then any from --ours-node-args (tuning experiments).
   */
  oursNodeArgs: string[];
  /** Also writes bench/results/<tag>.json and .md (before/after comparisons). */
  tag?: string;
  gatewayCpu: string;
  othersCpu: string;
  gatewayPort: number;
  subgraphBasePort: number;
}

export const USAGE = `npm run bench -- [options]
  --quick                 one round, short runs (under 2 minutes)
  --rounds N              rounds of A B C (default 3; quick 1)
  --only ours,apollo,hive the gateways to run, in this order (the first is the reference for identical data)
  --connections N         concurrent connections (default 16)
  --callers N             distinct caller tokens cycled through by each gateway load (default 20000: more than a run sends, so each request's token is new to the gateway)
  --db postgres|pglite    subgraph databases (default postgres: BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
  --customers N           generated customers (default 10000)
  --operations            also time each operation alone (default in full mode)
  --scaling               also run our gateway as 2 processes on all CPUs (default in full mode)
  --log-level LEVEL       our gateway's LOG_LEVEL (default info: its request log on)
  --profile               V8 CPU profiles of the gateways in bench/results/logs/profiles/<gateway>-<time>/, one file per thread (tsx bench/profileSummary.ts <the largest file>)
  --ours-node-args=FLAGS  extra node flags for our gateway only (after those of npm run start:gateway)
  --equal-rate N          the customer overview also held at N req/s for every gateway (default 30, below what the subgraphs' core caps on a 2-core machine; 0: skip)
  --plan-cache-operations N  distinct operations sent to our gateway after its timed runs: plan-cache bytes and RSS (default 10000; 0: skip)
  --gateway-cpu 0 --others-cpu 1   taskset CPU lists (e.g. --others-cpu 1-3 on a bigger machine)
  --tag NAME              also write bench/results/NAME.json and NAME.md
  --scenario guild        The Guild's federation benchmark workload instead (its own options: --scenario guild --help)
  --scenario read-heavy   reads and writes through our gateway, entity cache off and on (--scenario read-heavy --help)`;

export function readSettings(argv: string[] = process.argv.slice(2)): BenchSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      customers: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      callers: { type: 'string' },
      db: { type: 'string' },
      only: { type: 'string' },
      'log-level': { type: 'string' },
      profile: { type: 'boolean', default: false },
      scaling: { type: 'boolean' },
      operations: { type: 'boolean' },
      tag: { type: 'string' },
      'ours-node-args': { type: 'string' },
      'gateway-cpu': { type: 'string' },
      'equal-rate': { type: 'string' },
      'plan-cache-operations': { type: 'string' },
      'others-cpu': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const int = (raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got "${raw}"`);
    return n;
  };
  const gateways = (values.only ?? GATEWAY_KEYS.join(',')).split(',').map((g) => g.trim()) as GatewayKey[];
  for (const g of gateways) if (!GATEWAY_KEYS.includes(g)) throw new Error(`--only: unknown gateway "${g}" (${GATEWAY_KEYS.join(', ')})`);
  const db = values.db ?? 'postgres';
  if (db !== 'postgres' && db !== 'pglite') throw new Error(`--db must be postgres or pglite, got "${db}"`);
  return {
    quick,
    customers: int(values.customers, 10_000),
    rounds: int(values.rounds, quick ? 1 : 3),
    connections: int(values.connections, 16),
    callers: int(values.callers, 20_000),
    warmupS: quick ? 4 : 5,
    subgraphWarmupS: quick ? 30 : 60,
    overviewS: quick ? 7 : 10,
    otherOperationS: (values.operations ?? !quick) ? 4 : 0,
    mixS: quick ? 5 : 8,
    equalRate: values['equal-rate'] === '0' ? 0 : int(values['equal-rate'], 30),
    equalRateS: quick ? 4 : 8,
    planCacheOperations: values['plan-cache-operations'] === '0' ? 0 : int(values['plan-cache-operations'], 10_000),
    ceilingS: quick ? 2 : 6,
    scaling: values.scaling ?? !quick,
    db,
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    gateways,
    logLevel: values['log-level'] ?? 'info',
    profile: values.profile ?? false,
    oursNodeArgs: [...startGatewayNodeFlags(), ...(values['ours-node-args'] ?? '').split(' ').filter(Boolean)],
    tag: values.tag,
    gatewayCpu: values['gateway-cpu'] ?? '0',
    othersCpu: values['others-cpu'] ?? '1',
    gatewayPort: 4100,
    subgraphBasePort: 4100,
  };
}

/** The node flags in package.json's `start:gateway` (`node --flag=value … dist/gateway/index.js`). */
export function startGatewayNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return scripts['start:gateway'].split(/\s+/).filter((word) => word.startsWith('--'));
}
