import type { SubgraphName } from '../common/subgraphs';
import type { LoadResult } from './load';
import type { PlanCacheProbe } from './planCacheProbe';
import { costTable, loadTable, ratioTable, type GatewayResults, type Ratios, type ScenarioKey, type ScenarioSummary } from './report';
import { GATEWAY_LABELS, type BenchSettings, type GatewayKey } from './settings';
import { targetTable, type ListSizeCheck, type Target } from './targets';
import type { OperationKey } from './workload';

export interface CeilingRun {
  fetch: string;
  subgraph: SubgraphName;
  /** The gateway operation whose plan holds this fetch. */
  gatewayOperation: ScenarioKey;
  result: LoadResult;
}

/** Everything one run measured; written to bench/results/latest.json. */
export interface BenchReport {
  startedAt: string;
  durationS: number;
  mode: 'quick' | 'full';
  settings: BenchSettings;
  machine: { cpus: number; node: string; loadAverageAtStart: string; loadAverageAtEnd: string };
  dataset: { customers: number; orders: number; supportCases: number; notifications: number; products: number; database: string };
  /** How the subgraphs were kept from being what is measured. */
  subgraphTuning: string[];
  subgraphStartMs: Record<SubgraphName, number>;
  planned: Record<OperationKey, { fetches: number; subgraphs: string[] }>;
  gateways: Array<Omit<GatewayResults, 'runs'> & { coldStartMedianMs?: number }>;
  scenarios: ScenarioKey[];
  summaries: Partial<Record<GatewayKey, Partial<Record<ScenarioKey, ScenarioSummary>>>>;
  ratios: Ratios[];
  targets: Target[];
  listSizes: ListSizeCheck[];
  ceilings: CeilingRun[];
  scaling?: { workers: number; cpus: string; result: LoadResult; coldStartMs: number };
  /** Our gateway after many distinct operations (--plan-cache-operations). */
  planCache?: PlanCacheProbe;
  runs: Partial<Record<GatewayKey, GatewayResults['runs']>>;
}

export function renderMarkdown(r: BenchReport): string {
  const s = r.settings;
  const results = r.gateways.map((g) => ({ ...g, runs: r.runs[g.key] ?? {} })) as GatewayResults[];
  const cold = r.gateways.map((g) => `${GATEWAY_LABELS[g.key]} ${g.coldStartMedianMs ?? '–'} ms`).join(', ');
  const notTimed = r.gateways.filter((g) => g.status !== 'timed').map((g) => `- ${GATEWAY_LABELS[g.key]}: **${g.status}**: ${g.reason}`);
  const others = [
    ...new Set(
      Object.values(r.runs)
        .flatMap((runs) => Object.values(runs ?? {}).flatMap((list) => list?.flatMap((x) => x.cpu.busiestOthers) ?? []))
        .map((o) => o.replace(/: [\d.]+ cores$/, '')),
    ),
  ];
  const othersCores = Object.values(r.runs).flatMap((runs) => Object.values(runs ?? {}).flatMap((list) => list?.map((x) => x.cpu.others.cores) ?? []));
  const scaling = r.scaling;
  const errorLines = (Object.entries(r.runs) as Array<[GatewayKey, GatewayResults['runs']]>).flatMap(([key, runs]) =>
    Object.entries(runs ?? {}).flatMap(([scenario, list]) =>
      (list ?? [])
        .filter((run) => run.errors > 0)
        .map((run) => `- ${GATEWAY_LABELS[key]}, ${scenario}: ${JSON.stringify(run.errorBreakdown)}`),
    ),
  );
  return [
    `# Gateway benchmark (${r.mode}, ${r.startedAt})`,
    '',
    `${r.dataset.customers} customers, ${r.dataset.orders} orders, ${r.dataset.supportCases} cases, ${r.dataset.notifications} notifications, ${r.dataset.products} products on ${r.dataset.database}. ` +
      `Each gateway pinned to CPU ${s.gatewayCpu}; the four subgraphs, their database backends and the load generator (autocannon, ${s.connections} connections) on CPU ${s.othersCpu}. ` +
      `${s.rounds} round(s) of ${s.gateways.join(' → ')}, medians. Ours with authentication on (an agent JWT verified, an identity signed for the subgraphs), LOG_LEVEL=${s.logLevel}, node flags: ${s.oursNodeArgs.join(' ') || 'none'}; ` +
      `stock Apollo and Hive forward one fixed pre-signed agent identity. Load average ${r.machine.loadAverageAtStart} at start, ${r.machine.loadAverageAtEnd} at end; ${r.durationS} s in all.`,
    '',
    `Subgraphs: ${r.subgraphTuning.join('; ')}.`,
    '',
    ...(notTimed.length ? ['Not timed:', ...notTimed, ''] : []),
    '## Throughput and latency (one core per gateway)',
    '',
    loadTable(r.summaries, r.scenarios),
    '',
    'The bottleneck column names the saturated core. While the subgraph core is the bottleneck, req/s is capped by the subgraphs for every gateway; ' +
      'the gateway CPU per request, and the per-core capacity derived from it, still compare the gateways\' work per core.',
    '',
    ratioTable(r.ratios),
    '',
    ...(errorLines.length ? ['Errors under load:', '', ...errorLines, ''] : []),
    '## Targets',
    '',
    targetTable(r.targets),
    '',
    '## Cost per operation (single requests, medians)',
    '',
    costTable(r.planned, results),
    '',
    `Cold start (process start to the first answered customer overview, median): ${cold}.`,
    '',
    '## Direct-subgraph ceiling (no gateway; the subgraph shares its core with the load generator)',
    '',
    ...r.ceilings.map(
      (c) =>
        `- ${c.fetch}: ${c.result.requestsPerSecond} req/s, p99 ${c.result.p99Ms} ms, errors ${c.result.errors}, subgraph CPU ${c.result.cpuMsPerRequest} ms/req; ` +
        `through our gateway (${c.gatewayOperation}): ${r.summaries.ours?.[c.gatewayOperation]?.requestsPerSecond ?? '–'} req/s${r.summaries.ours?.[c.gatewayOperation] ? '' : ' (not timed alone; see --operations)'}`,
    ),
    '',
    '## Multi-process (separate row, never in the ratios)',
    '',
    scaling
      ? `- ours ×${scaling.workers} processes (node:cluster) on CPUs ${scaling.cpus}, sharing them with the subgraphs and the load generator: customer overview ${scaling.result.requestsPerSecond} req/s, ` +
        `p99 ${scaling.result.p99Ms} ms, errors ${scaling.result.errors}, RSS ${scaling.result.rssMb} MB (all processes)`
      : '- not run (runs in full mode, or with --scaling)',
    '',
    '## Plan cache at many distinct operations (ours, after its timed runs)',
    '',
    r.planCache
      ? `- ${r.planCache.operations} distinct operations (the customer overview under as many names: four fetches each to plan) in ${r.planCache.seconds} s, ${r.planCache.failed} failed: ` +
        `plan cache ${r.planCache.planCacheBytes ?? '–'} bytes in ${r.planCache.planCacheEntries ?? '–'} plans (bound PLAN_CACHE_BYTES, ${r.planCache.planCacheEvictions ?? '–'} evicted), ` +
        `gateway RSS ${r.planCache.rssMbBefore} MB before, ${r.planCache.rssMbAfter} MB after`
      : '- not run (--plan-cache-operations 0)',
    '',
    '## Elsewhere on the machine during the timed runs',
    '',
    `Other processes used ${othersCores.length ? Math.min(...othersCores) : 0}–${othersCores.length ? Math.max(...othersCores) : 0} cores.`,
    ...(others.length ? others.slice(0, 8).map((o) => `- ${o}`) : ['- nothing above 3% of a core']),
    '',
  ].join('\n');
}
