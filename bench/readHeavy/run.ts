import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { SUBGRAPH_NAMES } from '../../common/subgraphs';
import { startBenchGateway } from '../gatewayProcess';
import { loadAverage, pin } from '../procStats';
import { ROOT } from '../processes';
import { startSubgraphs } from '../subgraphs';
import { benchWorld } from '../world';
import { benchBusEnv, removeBusStreams, waitForQuietBus } from './bus';
import { cacheFigures, readCacheCounters } from './cacheMetrics';
import { readHeavyMix } from './mix';
import { runMixLoad } from './mixLoad';
import { chooseReaders } from './population';
import { judgeReadHeavy, renderReadHeavyMarkdown, summariseMode, type CacheMode, type ReadHeavyReport, type ReadHeavyRun } from './report';
import { WrittenLedger } from './readYourWrites';
import { mixCallers } from './requests';
import { seededRandom, zipfTopShare } from './random';
import { readReadHeavySettings } from './settings';

/**
 * `npm run bench -- --scenario read-heavy`: the whole system (our gateway, the four subgraphs on
 * PostgreSQL, the owners' events on NATS JetStream) under a read-heavy mix, with the gateway's entity
 * cache off and on. See docs/performance.md.
 */
export async function runReadHeavy(argv: string[]): Promise<void> {
  const settings = readReadHeavySettings(argv);
  const began = performance.now();
  const now = new Date();
  const resultsDir = join(ROOT, 'bench', 'results');
  const logDir = join(resultsDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  pin(process.pid, settings.othersCpu); // the load generator shares the subgraphs' core
  const loadAtStart = loadAverage();
  const say = (text: string) => console.log(`[read-heavy ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${text}`);

  const world = benchWorld(settings.customers, now);
  const readers = chooseReaders(world, settings.readers, seededRandom(settings.seed));
  const callers = await mixCallers(readers, settings.readBy);
  const bus = benchBusEnv(settings.natsUrl);
  const redisPrefix = `readbench-${randomBytes(4).toString('hex')}`;
  const cacheEnv = (mode: CacheMode): NodeJS.ProcessEnv => ({
    ...bus,
    ENTITY_CACHE: mode,
    // Set or unset explicitly: a REDIS_URL in the caller's shell must not decide what is measured.
    REDIS_URL: settings.redis ? settings.redisUrl : undefined,
    ENTITY_CACHE_REDIS_PREFIX: settings.redis ? redisPrefix : undefined,
  });

  say(`starting the four subgraphs: ${settings.customers} customers on ${settings.db}, events on JetStream stream ${bus.NATS_STREAM}, pinned to CPU ${settings.othersCpu}`);
  const subgraphs = await startSubgraphs(settings, now, logDir, bus);
  let gatewayStop: (() => Promise<void>) | undefined;
  const cleanUp = async () => {
    await gatewayStop?.();
    await subgraphs.stop();
    await removeBusStreams(bus).catch(() => undefined);
    if (settings.redis) await removeRedisKeys(settings.redisUrl, redisPrefix).catch(() => undefined);
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const runs: ReadHeavyRun[] = [];
  try {
    say(`subgraphs seeded (start-up ms: ${JSON.stringify(subgraphs.startMs)}); Notifications done with the seed's events after ${await waitForQuietBus(bus)} ms`);
    let backendPids: number[] = [];
    const cpuGroups = () => ({
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`subgraph:${name}`, [subgraphs.processes[name].pid]])),
      postgres: backendPids,
      loadGenerator: [process.pid],
    });
    const probe = callers.requestFor({ kind: 'read', reader: readers[0] });
    const cancelled = new Set<string>();
    let firstWarmup = true;
    for (let round = 1; round <= settings.rounds; round++) {
      const modes: CacheMode[] = round % 2 === 1 ? ['off', 'on'] : ['on', 'off'];
      for (const mode of modes) {
        const gateway = await startBenchGateway({
          key: 'ours',
          settings,
          subgraphUrls: subgraphs.urls,
          logDir,
          probe: { headers: { authorization: probe.authorization }, body: probe.body },
          env: cacheEnv(mode),
        });
        gatewayStop = () => gateway.process.stop();
        try {
          const mix = readHeavyMix(readers, { seed: settings.seed, zipfS: settings.zipfS, writeShare: settings.writeShare, cancelled, label: `${round}${mode}` });
          const ledger = new WrittenLedger();
          const load = async (durationS: number) => {
            backendPids = await subgraphs.pinDatabaseBackends();
            return runMixLoad({ url: gateway.url, connections: settings.connections, durationS, next: mix.next, requestFor: callers.requestFor, ledger, gatewayPids: gateway.pids, cpuGroups });
          };
          const warm = await load(firstWarmup ? settings.firstWarmupS : settings.warmupS);
          firstWarmup = false;
          const warmErrors = warm.errors.reads + warm.errors.writes + warm.errors.noAnswer;
          if (warmErrors > 0) say(`round ${round}, cache ${mode}: ${warmErrors} wrong answers in the warm-up, first: ${warm.errors.samples[0]}`);
          const before = await readCacheCounters(gateway.url);
          const timed = await load(settings.durationS);
          const cache = cacheFigures(before, await readCacheCounters(gateway.url), timed.durationS);
          runs.push({ mode, round, coldStartMs: gateway.coldStartMs, load: timed, cache });
          say(
            `round ${round}, cache ${mode}: ${timed.reads.perSecond} reads/s (p99 ${timed.reads.p99Ms} ms), ${timed.writes.perSecond} writes/s, ` +
              `errors ${timed.errors.reads}/${timed.errors.writes}/${timed.errors.noAnswer}, hit ratio ${cache.hitRatio ?? '–'}, ${cache.invalidationsPerSecond} invalidations/s, ` +
              `gateway ${timed.cpu.groups.server.cores} cores`,
          );
        } finally {
          await gateway.process.stop();
          gatewayStop = undefined;
        }
      }
    }
  } finally {
    await cleanUp();
  }

  const summaries: ReadHeavyReport['summaries'] = {};
  for (const mode of ['off', 'on'] as const) {
    const of = runs.filter((r) => r.mode === mode);
    if (of.length) summaries[mode] = summariseMode(of, settings);
  }
  const report: ReadHeavyReport = {
    startedAt: now.toISOString(),
    durationS: Math.round((performance.now() - began) / 1000),
    mode: settings.quick ? 'quick' : 'full',
    settings,
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage() },
    dataset: {
      customers: world.customers.length,
      orders: world.orders.length,
      supportCases: world.supportCases.length,
      notifications: world.notifications.length,
      products: world.products.length,
      database: settings.db === 'postgres' ? 'the PostgreSQL server (a schema per subgraph, dropped afterwards)' : 'embedded PGlite',
    },
    popularity: {
      top1: zipfTopShare(readers.length, settings.zipfS, 1),
      top10: zipfTopShare(readers.length, settings.zipfS, 10),
      top100: zipfTopShare(readers.length, settings.zipfS, 100),
    },
    placedOrdersAmongReaders: readers.reduce((sum, r) => sum + r.placedOrders.length, 0),
    bus: `the owners' events on NATS JetStream (${settings.natsUrl}, a stream of the run's own, removed afterwards), watched by the gateway and consumed by Notifications`,
    runs,
    summaries,
    targets: judgeReadHeavy(summaries),
  };
  const markdown = renderReadHeavyMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const name of [`${report.startedAt.slice(0, 10)}-read-heavy`, ...(settings.tag ? [settings.tag] : [])]) {
    writeFileSync(join(resultsDir, `${name}.json`), json);
    writeFileSync(join(resultsDir, `${name}.md`), markdown);
  }
  console.log(`\n${markdown}`);
  say(`done: bench/results/${report.startedAt.slice(0, 10)}-read-heavy.json and .md${settings.tag ? `, and ${settings.tag}.json/.md` : ''}`);
}

/** The generations (and any entries) this run's gateway kept under its own prefix. */
async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
