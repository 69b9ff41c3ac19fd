import type { SubgraphName } from '../common/subgraphs';
import type { LoadResult } from './load';
import type { OperationCost } from './probe';
import { median } from './probe';
import { round } from './procStats';
import { GATEWAY_LABELS, type GatewayKey } from './settings';
import type { OperationKey } from './workload';

/** equalRate: the customer overview held at one fixed rate for every gateway (CPU per request compared at equal load). */
export type ScenarioKey = OperationKey | 'mix' | 'equalRate';

export interface GatewayResults {
  key: GatewayKey;
  label: string;
  /** timed; differs: its data differed from the reference and it was not timed; failed: did not start or answer. */
  status: 'timed' | 'differs' | 'failed';
  reason?: string;
  coldStartMs: number[];
  runs: Partial<Record<ScenarioKey, LoadResult[]>>;
  costs?: Partial<Record<OperationKey, OperationCost>>;
}

export interface ScenarioSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  rssMb: number;
  cpuMsPerRequest: number;
  /** Derived: what one core of this gateway could answer at this CPU cost per request (1000 / cpuMsPerRequest). */
  perCoreCapacity: number;
  /** Median cores used: the gateway, all subgraphs, their PostgreSQL backends, the load generator, everything else. */
  cores: { gateway: number; subgraphs: number; postgres: number; loadGenerator: number; others: number };
  /** Busy share of the gateway's CPUs and of the others' CPUs (medians). */
  cpuBusy: { gatewayCpus: number; otherCpus: number };
  bottleneck: string;
}

/** Medians over rounds; errors summed; RSS the peak. */
export function summarise(runs: LoadResult[], cpuSets: { gateway: string; others: string }): ScenarioSummary {
  const busyOf = (r: LoadResult, set: string) => {
    const cpus = expandCpuList(set);
    return cpus.reduce((sum, cpu) => sum + (r.cpu.cpuBusy[`cpu${cpu}`] ?? 0), 0) / cpus.length;
  };
  const m = (pick: (r: LoadResult) => number) => round(median(runs.map(pick)), 2);
  const cores = (pick: (r: LoadResult) => number) => round(median(runs.map(pick)), 2);
  const subgraphCores = (r: LoadResult) =>
    Object.entries(r.cpu.groups)
      .filter(([name]) => name.startsWith('subgraph:'))
      .reduce((sum, [, share]) => sum + share.cores, 0);
  const summary: ScenarioSummary = {
    requestsPerSecond: m((r) => r.requestsPerSecond),
    p50Ms: m((r) => r.p50Ms),
    p99Ms: m((r) => r.p99Ms),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    cpuMsPerRequest: m((r) => r.cpuMsPerRequest),
    perCoreCapacity: 0,
    cores: {
      gateway: cores((r) => r.cpu.groups.server.cores),
      subgraphs: cores(subgraphCores),
      postgres: cores((r) => r.cpu.groups.postgres?.cores ?? 0),
      loadGenerator: cores((r) => r.cpu.groups.loadGenerator?.cores ?? 0),
      others: cores((r) => r.cpu.others.cores),
    },
    cpuBusy: { gatewayCpus: m((r) => busyOf(r, cpuSets.gateway)), otherCpus: m((r) => busyOf(r, cpuSets.others)) },
    bottleneck: '',
  };
  summary.perCoreCapacity = summary.cpuMsPerRequest > 0 ? Math.round(1000 / summary.cpuMsPerRequest) : 0;
  summary.bottleneck = bottleneckOf(summary);
  return summary;
}

/**
 * The gateway is pinned to a core of its own; the subgraphs, their database backends and the load
 * generator share the other(s). Whichever core is (nearly) saturated is what the run measured;
 * other developers' processes are not pinned and can fill either.
 */
function bottleneckOf(s: ScenarioSummary): string {
  const { gatewayCpus, otherCpus } = s.cpuBusy;
  const shared = s.cores.others >= 0.2 ? ` (other processes took ${s.cores.others} cores)` : '';
  if (gatewayCpus >= 0.9 && gatewayCpus >= otherCpus) return s.cores.gateway >= 0.8 ? 'gateway' : `gateway core, shared${shared}`;
  if (otherCpus >= 0.9) return `subgraph core${shared}`;
  return `neither core saturated${shared}`;
}

/** "1", "1,3", "1-3" → [1], [1, 3], [1, 2, 3]. */
export function expandCpuList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

export interface Ratios {
  scenario: ScenarioKey;
  rpsOursOverApollo?: number;
  rpsOursOverHive?: number;
  p99OursOverApollo?: number;
  p99OursOverHive?: number;
  /** Derived per-core capacity (gateway CPU per request), meaningful whoever the bottleneck was. */
  capacityOursOverApollo?: number;
  capacityOursOverHive?: number;
}

export function ratios(summaries: Partial<Record<GatewayKey, Partial<Record<ScenarioKey, ScenarioSummary>>>>, scenario: ScenarioKey): Ratios {
  const ours = summaries.ours?.[scenario];
  const of = (key: GatewayKey) => summaries[key]?.[scenario];
  const ratio = (a?: number, b?: number) => (a !== undefined && b ? round(a / b, 2) : undefined);
  return {
    scenario,
    rpsOursOverApollo: ratio(ours?.requestsPerSecond, of('apollo')?.requestsPerSecond),
    rpsOursOverHive: ratio(ours?.requestsPerSecond, of('hive')?.requestsPerSecond),
    p99OursOverApollo: ratio(ours?.p99Ms, of('apollo')?.p99Ms),
    p99OursOverHive: ratio(ours?.p99Ms, of('hive')?.p99Ms),
    capacityOursOverApollo: ratio(ours?.perCoreCapacity, of('apollo')?.perCoreCapacity),
    capacityOursOverHive: ratio(ours?.perCoreCapacity, of('hive')?.perCoreCapacity),
  };
}

export const SCENARIO_LABELS: Record<ScenarioKey, string> = {
  customerOverview: 'customer overview',
  orderLookup: 'order lookup',
  basketPrices: 'basket prices (50)',
  supportCase: 'support case',
  mix: 'mix of the four',
  equalRate: 'customer overview at one fixed rate for all',
};

export function loadTable(
  summaries: Partial<Record<GatewayKey, Partial<Record<ScenarioKey, ScenarioSummary>>>>,
  scenarios: ScenarioKey[],
): string {
  const lines = [
    '| operation | gateway | req/s | p50 ms | p99 ms | errors | RSS MB | gateway CPU ms/req | req/s per gateway core (derived) | cores: gateway / subgraphs / postgres / load gen / others | busy: gateway CPU / other CPU | bottleneck |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
  ];
  for (const scenario of scenarios) {
    for (const key of Object.keys(summaries) as GatewayKey[]) {
      const s = summaries[key]?.[scenario];
      if (!s) continue;
      const c = s.cores;
      lines.push(
        `| ${SCENARIO_LABELS[scenario]} | ${GATEWAY_LABELS[key]} | ${s.requestsPerSecond} | ${s.p50Ms} | ${s.p99Ms} | ${s.errors} | ${s.rssMb} | ${s.cpuMsPerRequest} | ${s.perCoreCapacity} | ${c.gateway} / ${c.subgraphs} / ${c.postgres} / ${c.loadGenerator} / ${c.others} | ${s.cpuBusy.gatewayCpus} / ${s.cpuBusy.otherCpus} | ${s.bottleneck} |`,
      );
    }
  }
  return lines.join('\n');
}

export function ratioTable(rows: Ratios[]): string {
  const f = (v?: number) => (v === undefined ? '–' : `${v}×`);
  return [
    '| operation | req/s ours ÷ stock Apollo | req/s ours ÷ Hive | p99 ours ÷ stock Apollo | p99 ours ÷ Hive | per-core capacity ours ÷ stock Apollo | per-core capacity ours ÷ Hive |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${SCENARIO_LABELS[r.scenario]} | ${f(r.rpsOursOverApollo)} | ${f(r.rpsOursOverHive)} | ${f(r.p99OursOverApollo)} | ${f(r.p99OursOverHive)} | ${f(r.capacityOursOverApollo)} | ${f(r.capacityOursOverHive)} |`,
    ),
  ].join('\n');
}

export function costTable(
  planned: Record<OperationKey, { fetches: number; subgraphs: string[] }>,
  results: GatewayResults[],
): string {
  const lines = [
    '| operation | gateway | planned fetches | subgraph requests | SQL statements | per subgraph (requests / SQL) |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const operation of Object.keys(planned) as OperationKey[]) {
    for (const result of results) {
      const cost = result.costs?.[operation];
      if (!cost) continue;
      const per = (Object.keys(cost.subgraphRequests) as SubgraphName[])
        .concat((Object.keys(cost.sqlStatements) as SubgraphName[]).filter((n) => !(n in cost.subgraphRequests)))
        .map((n) => `${n} ${cost.subgraphRequests[n] ?? 0}/${cost.sqlStatements[n] ?? 0}`)
        .join(', ');
      lines.push(
        `| ${SCENARIO_LABELS[operation]} | ${GATEWAY_LABELS[result.key]} | ${planned[operation].fetches} | ${cost.totalSubgraphRequests} | ${cost.totalSqlStatements} | ${per} |`,
      );
    }
  }
  return lines.join('\n');
}
