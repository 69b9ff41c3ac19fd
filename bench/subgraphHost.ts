import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import type { Database } from '../common/db';
import { createEventBus } from '../common/bus/createEventBus';
import { InProcessEventBus, type EventBus } from '../common/events';
import { createLogger } from '../common/logger';
import { launchSubgraph } from '../common/subgraph';
import { loadSubgraphConfig } from '../common/subgraphConfig';
import { defaultSubgraphUrl, isSubgraphName } from '../common/subgraphs';
import { createService } from '../scripts/services';
import { benchNow, benchWorld } from './world';

/**
 * One subgraph for the benchmark, configured like `npm run start:subgraph` (ports, database,
 * DEMO_CUSTOMERS from the environment) with the bench world. It counts the GraphQL requests it
 * receives and answers `{requests, statements}` over IPC, so the bench can say what each
 * operation cost the subgraphs whichever gateway sent it.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !isSubgraphName(name)) throw new Error(`usage: subgraphHost <orders|support|pricing|notifications>`);
  const config = loadSubgraphConfig(name);
  const started = performance.now();
  const bus = await benchEventBus();
  const running = await launchSubgraph(createService(name, { ordersUrl: process.env.ORDERS_URL ?? defaultSubgraphUrl('orders') }), {
    port: config.port,
    host: config.host,
    database: config.database,
    bus,
    world: benchWorld(config.demoCustomers, benchNow()),
    log: createLogger(name),
  });
  await running.settle();
  await analyzeTables(running.db);
  let requests = 0;
  let connections = 0;
  running.httpServer.on('request', (req) => {
    if (req.method === 'POST') requests += 1;
  });
  running.httpServer.on('connection', () => {
    connections += 1;
  });
  const profiler = subgraphProfiler();
  process.on('message', (message: { type?: string; file?: string }) => {
    if (message?.type === 'stats') process.send?.({ type: 'stats', name, requests, connections, statements: running.db.stats.statements, contextSwitches: contextSwitches() });
    if (message?.type === 'profile-start') void profiler.start().then(() => process.send?.({ type: 'profile-start' }));
    if (message?.type === 'profile-stop') void profiler.stop(message.file ?? `${name}.cpuprofile`).then(() => process.send?.({ type: 'profile-stop' }));
  });
  process.send?.({ type: 'ready', name, url: running.url, startMs: Math.round(performance.now() - started) });
  const stop = async () => {
    await running.stop().catch(() => undefined);
    await bus.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.once('disconnect', () => void stop());
}

/**
 * The main bench: an in-process bus per process, so the event consumers (Notifications) never hear the
 * others' events; a drain takes the seed's outbox events, so the relay does not retry them every second
 * in the middle of a measurement. BENCH_EVENT_BUS=nats (the read-heavy bench, whose gateway cache is
 * invalidated by the owners' events): NATS JetStream from the NATS_* settings, as deployed.
 */
async function benchEventBus(): Promise<EventBus> {
  if (process.env.BENCH_EVENT_BUS === 'nats') return createEventBus(process.env, createLogger('event-bus'));
  const bus = new InProcessEventBus();
  await bus.subscribe('bench-drain', async () => undefined);
  return bus;
}

/**
 * Planner statistics for the freshly seeded tables. Without them PostgreSQL guesses, and joins
 * such as order lines to orders become a hash join over every order (10 ms instead of 0.1 ms per
 * statement) until autovacuum gets round to it, a minute or more later: the subgraphs, not the
 * gateways, would be measured. A long-running database has these statistics already.
 */
async function analyzeTables(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(`SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema()`);
  for (const table of tables) await db.exec(`ANALYZE ${table.name}`);
}

/** Voluntary + involuntary context switches of this process's main thread so far. */
function contextSwitches(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return [...status.matchAll(/ctxt_switches:\s+(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** A V8 CPU profile of a stretch of load (bench/windows.ts PROFILE_SUBGRAPHS=1), without the seeding. */
function subgraphProfiler() {
  const session = new Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.start');
    },
    async stop(file: string) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
