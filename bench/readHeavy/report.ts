import { median } from '../probe';
import { round } from '../procStats';
import { expandCpuList } from '../report';
import { targetTable, type Target } from '../targets';
import type { CacheFigures } from './cacheMetrics';
import type { MixLoadResult } from './mixLoad';
import type { ReadHeavySettings } from './settings';

export type CacheMode = 'off' | 'on';

export interface ReadHeavyRun {
  mode: CacheMode;
  round: number;
  coldStartMs: number;
  load: MixLoadResult;
  cache: CacheFigures;
}

export interface ModeSummary {
  readsPerSecond: number;
  readP50Ms: number;
  readP99Ms: number;
  writesPerSecond: number;
  writeP99Ms: number;
  /** Summed over rounds: wrong answers and requests without one. */
  errors: number;
  hitRatio?: number;
  invalidationsPerSecond: number;
  gatewayCpuMsPerRequest: number;
  cores: { gateway: number; subgraphs: number; postgres: number; loadGenerator: number; others: number };
  busy: { gatewayCpus: number; otherCpus: number };
}

export interface ReadHeavyReport {
  startedAt: string;
  durationS: number;
  mode: 'quick' | 'full';
  settings: ReadHeavySettings;
  machine: { cpus: number; node: string; loadAverageAtStart: string; loadAverageAtEnd: string };
  dataset: { customers: number; orders: number; supportCases: number; notifications: number; products: number; database: string };
  /** Share of the reads the most popular 1, 10 and 100 readers get by the popularity law. */
  popularity: { top1: number; top10: number; top100: number };
  placedOrdersAmongReaders: number;
  bus: string;
  runs: ReadHeavyRun[];
  summaries: Partial<Record<CacheMode, ModeSummary>>;
  targets: Target[];
}

export function summariseMode(runs: ReadHeavyRun[], settings: Pick<ReadHeavySettings, 'gatewayCpu' | 'othersCpu'>): ModeSummary {
  const m = (pick: (r: ReadHeavyRun) => number) => round(median(runs.map(pick)), 2);
  const group = (r: ReadHeavyRun, test: (name: string) => boolean) =>
    Object.entries(r.load.cpu.groups).filter(([name]) => test(name)).reduce((sum, [, share]) => sum + share.cores, 0);
  const busyOf = (r: ReadHeavyRun, set: string) => {
    const cpus = expandCpuList(set);
    return cpus.reduce((sum, cpu) => sum + (r.load.cpu.cpuBusy[`cpu${cpu}`] ?? 0), 0) / cpus.length;
  };
  const ratios = runs.map((r) => r.cache.hitRatio).filter((v): v is number => v !== undefined);
  return {
    readsPerSecond: m((r) => r.load.reads.perSecond),
    readP50Ms: m((r) => r.load.reads.p50Ms),
    readP99Ms: m((r) => r.load.reads.p99Ms),
    writesPerSecond: m((r) => r.load.writes.perSecond),
    writeP99Ms: m((r) => r.load.writes.p99Ms),
    errors: runs.reduce((sum, r) => sum + r.load.errors.reads + r.load.errors.writes + r.load.errors.noAnswer, 0),
    hitRatio: ratios.length ? round(median(ratios), 3) : undefined,
    invalidationsPerSecond: m((r) => r.cache.invalidationsPerSecond),
    gatewayCpuMsPerRequest: m((r) => {
      const answered = r.load.reads.count + r.load.writes.count;
      return answered ? (r.load.cpu.groups.server.seconds * 1000) / answered : 0;
    }),
    cores: {
      gateway: m((r) => r.load.cpu.groups.server.cores),
      subgraphs: m((r) => group(r, (name) => name.startsWith('subgraph:'))),
      postgres: m((r) => group(r, (name) => name === 'postgres')),
      loadGenerator: m((r) => group(r, (name) => name === 'loadGenerator')),
      others: m((r) => r.load.cpu.others.cores),
    },
    busy: { gatewayCpus: m((r) => busyOf(r, settings.gatewayCpu)), otherCpus: m((r) => busyOf(r, settings.othersCpu)) },
  };
}

/** The goal for this bench, and its precondition: no wrong answer. */
export function judgeReadHeavy(summaries: ReadHeavyReport['summaries']): Target[] {
  const { off, on } = summaries;
  const ratio = on && off && off.readsPerSecond > 0 ? on.readsPerSecond / off.readsPerSecond : undefined;
  return [
    {
      target: 'reads/s with the entity cache ≥ 5× without, read p99 no worse',
      met: on && off && ratio !== undefined ? ratio >= 5 && on.readP99Ms <= off.readP99Ms : 'not measured',
      measured: on && off ? `${on.readsPerSecond} vs ${off.readsPerSecond} reads/s (${ratio?.toFixed(2)}×); p99 ${on.readP99Ms} vs ${off.readP99Ms} ms` : '–',
    },
    {
      target: 'no errors: every read the caller’s own overview, whole, showing every cancellation and note about them answered before it was sent; every write answered as asked',
      met: on || off ? (on?.errors ?? 0) + (off?.errors ?? 0) === 0 : 'not measured',
      measured: `cache on ${on?.errors ?? '–'}, off ${off?.errors ?? '–'}`,
    },
  ];
}

const pct = (v: number) => `${round(v * 100, 1)} %`;

export function renderReadHeavyMarkdown(r: ReadHeavyReport): string {
  const s = r.settings;
  const row = (mode: CacheMode) => {
    const x = r.summaries[mode];
    if (!x) return `| ${mode} | not run | | | | | | | | | | |`;
    const c = x.cores;
    return `| ${mode} | ${x.readsPerSecond} | ${x.readP50Ms} | ${x.readP99Ms} | ${x.writesPerSecond} | ${x.writeP99Ms} | ${x.errors} | ${x.hitRatio === undefined ? '–' : pct(x.hitRatio)} | ${x.invalidationsPerSecond} | ${round(x.gatewayCpuMsPerRequest, 2)} | ${c.gateway} / ${c.subgraphs} / ${c.postgres} / ${c.loadGenerator} / ${c.others} | ${x.busy.gatewayCpus} / ${x.busy.otherCpus} |`;
  };
  const samples = r.runs.flatMap((run) => run.load.errors.samples.map((text) => `- ${run.mode}, round ${run.round}: ${text.replaceAll('\n', ' ')}`));
  const others = [...new Set(r.runs.flatMap((run) => run.load.cpu.busiestOthers.map((o) => o.replace(/: [\d.]+ cores$/, ''))))];
  const othersCores = r.runs.map((run) => run.load.cpu.others.cores);
  const loadAtStart = Number(r.machine.loadAverageAtStart.split(' ')[0]);
  const busy = loadAtStart > r.machine.cpus
    ? [`**The machine was busy** (load average ${loadAtStart} on ${r.machine.cpus} CPUs at the start): these figures show the bench working, not what the cache is worth. Run it on a quiet machine.`, '']
    : [];
  return [
    `# Read-heavy bench: entity cache off and on (${r.mode}, ${r.startedAt})`,
    '',
    ...busy,
    `${r.dataset.customers} customers, ${r.dataset.orders} orders, ${r.dataset.supportCases} cases, ${r.dataset.notifications} notifications, ${r.dataset.products} products on ${r.dataset.database}. ` +
      `The mix: ${pct(1 - s.writeShare)} reads of ${s.readers} customers' own overviews (the selection of schema/operations/agent-console/customerOverview.graphql, opened by ${s.readBy === 'id' ? "the customer's id as their account page does" : 'email as the agent console does'}; each customer with their own token: the cache's customer scope), ` +
      `picked by a Zipf popularity (s = ${s.zipfS}, seed ${s.seed}: the top customer ${pct(r.popularity.top1)} of the reads, the top 10 ${pct(r.popularity.top10)}, the top 100 ${pct(r.popularity.top100)}); ` +
      `${pct(s.writeShare)} writes on the same customers: cancelOrder by the customer (${r.placedOrdersAmongReaders} cancellable orders among them), a case note by an agent, a price change by the pricing job. ` +
      `${s.connections} callers in a closed loop, ${s.rounds} round(s) of off and on (alternating order), ${s.durationS} s timed after ${s.warmupS} s of warm-up (${s.firstWarmupS} s before the first run), medians.`,
    '',
    `Placement: our gateway (one process, ENTITY_CACHE=off|on${s.redis ? ', REDIS_URL' : ''}) pinned to CPU ${s.gatewayCpu}; the four subgraphs, their PostgreSQL backends and the load generator on CPU ${s.othersCpu}; ` +
      `${r.bus}; NATS and ${s.redis ? 'Redis' : 'no Redis'} are the machine's services, not pinned. Gateway LOG_LEVEL=${s.logLevel}. ` +
      `Machine: ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average ${r.machine.loadAverageAtStart} at start, ${r.machine.loadAverageAtEnd} at end; ${r.durationS} s in all.`,
    '',
    '| entity cache | reads/s | read p50 ms | read p99 ms | writes/s | write p99 ms | errors | hit ratio | invalidations/s | gateway CPU ms/request | cores: gateway / subgraphs / postgres / load gen / others | busy: gateway CPU / other CPU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    row('off'),
    row('on'),
    '',
    'Hit ratio: hits ÷ (hits + misses) of the entity fetches the cache may answer, per representation (gateway_entity_cache_* on the gateway\'s /metrics); ' +
      'fetches it never answers (root fields, fields no event covers such as the access logs) are not in it.',
    '',
    '## Targets',
    '',
    targetTable(r.targets),
    '',
    '## Runs',
    '',
    '| round | cache | reads | writes (cancel / note / price) | errors (reads / writes / no answer) | hits | misses | bypassed | invalidations | stale stores refused | entries, bytes at end | gateway cold start ms |',
    '| ---: | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    ...r.runs.map((run) => {
      const l = run.load;
      const c = run.cache;
      return `| ${run.round} | ${run.mode} | ${l.reads.count} | ${l.writes.count} (${l.writesByKind.cancelOrder} / ${l.writesByKind.caseNote} / ${l.writesByKind.priceChange}) | ${l.errors.reads} / ${l.errors.writes} / ${l.errors.noAnswer} | ${c.hits} | ${c.misses} | ${c.bypassed} | ${c.invalidations} | ${c.staleStoresRefused} | ${c.entries}, ${c.bytes} | ${run.coldStartMs} |`;
    }),
    '',
    ...(samples.length ? ['First wrong answers:', '', ...samples, ''] : []),
    '## Elsewhere on the machine during the timed runs',
    '',
    `Other processes used ${othersCores.length ? Math.min(...othersCores) : 0}–${othersCores.length ? Math.max(...othersCores) : 0} cores.`,
    ...(others.length ? others.slice(0, 8).map((o) => `- ${o}`) : ['- nothing above 3% of a core']),
    '',
  ].join('\n');
}
