import { parseArgs } from 'node:util';
import { startGatewayNodeFlags } from '../settings';

export interface ReadHeavySettings {
  quick: boolean;
  /** Generated customers seeded (orders, cases, notifications, products with them). */
  customers: number;
  /** Customers whose overviews are read (each by themselves). */
  readers: number;
  /** Zipf exponent of their popularity. */
  zipfS: number;
  /** Share of writes in the mix. */
  writeShare: number;
  seed: number;
  /** Rounds of (cache off, cache on); the order alternates from round to round. Medians over rounds. */
  rounds: number;
  connections: number;
  /** Untimed mix before each timed run (JIT, pools, a warm cache); the first of the bench is longer: it warms the subgraphs. */
  warmupS: number;
  firstWarmupS: number;
  durationS: number;
  /** Also REDIS_URL for the gateway: the replicas' shared generations checked on every entity fetch. */
  redis: boolean;
  redisUrl: string;
  /** How a customer opens their overview: by their id (as their own account page does), or by email (the agent console's document). */
  readBy: 'id' | 'email';
  natsUrl: string;
  db: 'postgres' | 'pglite';
  databaseUrl: string;
  /** Our gateway's LOG_LEVEL (info: its request log on, as the main bench runs it). */
  logLevel: string;
  oursNodeArgs: string[];
  profile: false;
  /** Also writes bench/results/<tag>.json and .md. */
  tag?: string;
  gatewayCpu: string;
  othersCpu: string;
  gatewayPort: number;
  subgraphBasePort: number;
}

export const READ_HEAVY_USAGE = `npm run bench -- --scenario read-heavy [options]
  95 % reads of customers' own overviews (Zipf popularity), 5 % writes on the same customers, through our
  gateway with the entity cache off and on (docs/performance.md). Needs NATS JetStream (the owners' events).
  --quick                 one round of short runs (about a minute)
  --rounds N              rounds of (off, on), alternating order (default 2; quick 1)
  --duration S            each timed run (default 30; quick 12)
  --warmup S              untimed mix before each timed run (default 10; quick 5)
  --connections N         concurrent callers (default 16)
  --customers N           generated customers seeded (default 10000)
  --readers N             customers whose overviews are read (default 1000)
  --zipf S                popularity exponent (default 1)
  --write-share F         share of writes (default 0.05)
  --seed N                seed of the mix (default 26)
  --read-by id|email      the overview opened by the customer's id (default: as their account page does) or by email (the agent console's document)
  --redis                 the gateway also gets REDIS_URL (generations shared by replicas, checked on every entity fetch)
  --db postgres|pglite    subgraph databases (default postgres: BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
  --log-level LEVEL       our gateway's LOG_LEVEL (default info)
  --gateway-cpu 0 --others-cpu 1   taskset CPU lists
  --tag NAME              also write bench/results/NAME.json and NAME.md
  NATS_URL (default nats://127.0.0.1:4222), REDIS_URL (default redis://127.0.0.1:6379) from the environment.`;

export function readReadHeavySettings(argv: string[]): ReadHeavySettings {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      customers: { type: 'string' },
      readers: { type: 'string' },
      zipf: { type: 'string' },
      'write-share': { type: 'string' },
      seed: { type: 'string' },
      redis: { type: 'boolean', default: false },
      'read-by': { type: 'string' },
      db: { type: 'string' },
      'log-level': { type: 'string' },
      tag: { type: 'string' },
      'gateway-cpu': { type: 'string' },
      'others-cpu': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(READ_HEAVY_USAGE);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const int = (raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`expected a whole number >= 1, got "${raw}"`);
    return n;
  };
  const fraction = (raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!(n >= 0 && n <= max)) throw new Error(`expected a number from 0 to ${max}, got "${raw}"`);
    return n;
  };
  const db = values.db ?? 'postgres';
  if (db !== 'postgres' && db !== 'pglite') throw new Error(`--db must be postgres or pglite, got "${db}"`);
  return {
    quick,
    customers: int(values.customers, 10_000),
    readers: int(values.readers, 1000),
    zipfS: fraction(values.zipf, 1, 4),
    writeShare: fraction(values['write-share'], 0.05, 1),
    seed: int(values.seed, 26),
    rounds: int(values.rounds, quick ? 1 : 2),
    connections: int(values.connections, 16),
    warmupS: int(values.warmup, quick ? 5 : 10),
    firstWarmupS: quick ? 10 : 30,
    durationS: int(values.duration, quick ? 12 : 30),
    redis: values.redis ?? false,
    readBy: readBy(values['read-by']),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
    db,
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    logLevel: values['log-level'] ?? 'info',
    oursNodeArgs: startGatewayNodeFlags(),
    profile: false,
    tag: values.tag,
    gatewayCpu: values['gateway-cpu'] ?? '0',
    othersCpu: values['others-cpu'] ?? '1',
    gatewayPort: 4150, // off the main bench's 4100-4104: another developer's run may be on them
    subgraphBasePort: 4150,
  };
}

function readBy(value: string | undefined): 'id' | 'email' {
  if (value === undefined || value === 'id' || value === 'email') return value ?? 'id';
  throw new Error(`--read-by must be id or email, got "${value}"`);
}
