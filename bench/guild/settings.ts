import { parseArgs } from 'node:util';
import { GATEWAY_KEYS, startGatewayNodeFlags, type GatewayKey } from '../settings';

export interface GuildSettings {
  /** Rounds of the gateways in turn; medians are over rounds. */
  rounds: number;
  /** Each gateway's timed load per round (s). */
  durationS: number;
  /** Each gateway's untimed load before it (JIT, pools, plan caches), every round (s). */
  warmupS: number;
  connections: number;
  gateways: GatewayKey[];
  /**
   * Our gateway's `limits.maxCost` for this supergraph. Its default estimate (each field 1, times the
   * assumed sizes of the lists around it) refuses the Guild query with COST_LIMIT_EXCEEDED; the bench
   * measures the request path, so it sets the limit above the query's estimate.
   */
  maxCost: number;
  /** Our gateway's LOG_LEVEL (info: its request log on, as deployed). */
  logLevel: string;
  oursNodeArgs: string[];
  tag?: string;
  gatewayCpu: string;
  othersCpu: string;
}

export const GUILD_USAGE = `npm run bench -- --scenario guild [options]
  The Guild's federation benchmark workload (one query, 16 fetches, subgraphs answering from memory):
  each gateway alone on one core, the subgraphs and the load generator on the other.
  --rounds N              rounds of the gateways in turn (default 3)
  --duration S            each gateway's timed load per round (default 20)
  --warmup S              each gateway's untimed load before it, every round (default 5)
  --connections N         concurrent connections (default 16)
  --only ours,apollo,hive the gateways, in this order (the first is the reference for identical answers)
  --max-cost N            our gateway's limits.maxCost for this supergraph (default 1000000)
  --log-level LEVEL       our gateway's LOG_LEVEL (default info: its request log on)
  --ours-node-args=FLAGS  extra node flags for our gateway only
  --gateway-cpu 0 --others-cpu 1   taskset CPU lists
  --tag NAME              also write bench/results/NAME.json and NAME.md`;

/** `--scenario guild` (or `--scenario=guild`) and the arguments left for that scenario. */
export function splitScenario(argv: string[]): { scenario?: string; rest: string[] } {
  const rest: string[] = [];
  let scenario: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--scenario') scenario = argv[++i];
    else if (argv[i].startsWith('--scenario=')) scenario = argv[i].slice('--scenario='.length);
    else rest.push(argv[i]);
  }
  if (scenario !== undefined && scenario !== 'guild' && scenario !== 'read-heavy') {
    throw new Error(`--scenario: unknown scenario "${scenario}" (guild, read-heavy; without it: the project's own workload)`);
  }
  return { scenario, rest };
}

export function readGuildSettings(argv: string[]): GuildSettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      only: { type: 'string' },
      'max-cost': { type: 'string' },
      'log-level': { type: 'string' },
      'ours-node-args': { type: 'string' },
      tag: { type: 'string' },
      'gateway-cpu': { type: 'string' },
      'others-cpu': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(GUILD_USAGE);
    process.exit(0);
  }
  const int = (raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got "${raw}"`);
    return n;
  };
  const gateways = (values.only ?? GATEWAY_KEYS.join(',')).split(',').map((g) => g.trim()) as GatewayKey[];
  for (const g of gateways) if (!GATEWAY_KEYS.includes(g)) throw new Error(`--only: unknown gateway "${g}" (${GATEWAY_KEYS.join(', ')})`);
  return {
    rounds: int(values.rounds, 3),
    durationS: int(values.duration, 20),
    warmupS: int(values.warmup, 5),
    connections: int(values.connections, 16),
    gateways,
    maxCost: int(values['max-cost'], 1_000_000),
    logLevel: values['log-level'] ?? 'info',
    oursNodeArgs: [...startGatewayNodeFlags(), ...(values['ours-node-args'] ?? '').split(' ').filter(Boolean)],
    tag: values.tag,
    gatewayCpu: values['gateway-cpu'] ?? '0',
    othersCpu: values['others-cpu'] ?? '1',
  };
}
