import { parseArgs } from 'node:util';

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
  /** Each gateway's own warm-up (the mix) before its timed runs. */
  warmupS: number;
  /** The subgraphs' warm-up (their planned fetches, sent directly) before any gateway runs. */
  subgraphWarmupS: number;
  /** The customer overview alone: the operation the targets are set on. */
  overviewS: number;
  /** Each other operation alone (0: measured only inside the mix). */
  otherOperationS: number;
  /** The four operations interleaved. */
  mixS: number;
  /** Straight to one subgraph, no gateway. */
  ceilingS: number;
  /** Our gateway as two processes (node:cluster) on both cores: a separate row. */
  scaling: boolean;
  db: 'postgres' | 'pglite';
  databaseUrl: string;
  gateways: GatewayKey[];
  /** Our gateway's LOG_LEVEL (its request log writes one line per operation at info). */
  logLevel: string;
  /** Writes a V8 CPU profile of our gateway (node --cpu-prof) under bench/results/profiles. */
  profile: boolean;
  /** Also writes bench/results/<tag>.json and .md (before/after comparisons). */
  tag?: string;
  gatewayCpu: string;
  othersCpu: string;
  gatewayPort: number;
  subgraphBasePort: number;
}

export function readSettings(argv: string[] = process.argv.slice(2)): BenchSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      customers: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      db: { type: 'string' },
      only: { type: 'string' },
      'log-level': { type: 'string' },
      profile: { type: 'boolean', default: false },
      scaling: { type: 'boolean' },
      tag: { type: 'string' },
      'gateway-cpu': { type: 'string' },
      'others-cpu': { type: 'string' },
    },
  });
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
    warmupS: quick ? 4 : 8,
    subgraphWarmupS: quick ? 4 : 10,
    overviewS: quick ? 8 : 12,
    otherOperationS: quick ? 0 : 6,
    mixS: quick ? 6 : 10,
    ceilingS: quick ? 2 : 6,
    scaling: values.scaling ?? !quick,
    db,
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    gateways,
    logLevel: values['log-level'] ?? 'info',
    profile: values.profile ?? false,
    tag: values.tag,
    gatewayCpu: values['gateway-cpu'] ?? '0',
    othersCpu: values['others-cpu'] ?? '1',
    gatewayPort: 4100,
    subgraphBasePort: 4100,
  };
}
