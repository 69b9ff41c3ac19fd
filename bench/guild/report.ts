import type { LoadResult } from '../load';
import type { ScenarioSummary } from '../report';
import type { GatewayKey } from '../settings';
import type { GuildSubgraphName } from './schemas';
import type { GuildSettings } from './settings';
import type { SubgraphCounters } from './subgraphServer';

export interface GuildGatewayResult {
  key: GatewayKey;
  label: string;
  /** timed; differs: its answer differed from the reference gateway's; failed: did not start or answered with errors. */
  status: 'timed' | 'differs' | 'failed';
  reason?: string;
  coldStartMs: number[];
  /** Subgraph requests one query cost (the plan's fetches when no list is empty). */
  subgraphRequests?: number;
  runs: LoadResult[];
}

export interface GuildReport {
  startedAt: string;
  durationS: number;
  settings: GuildSettings;
  machine: { cpus: number; node: string; loadAverageAtStart: string; loadAverageAtEnd: string };
  plannedFetches: number;
  /** Over the whole run: requests, answers executed (not served from memory), answers with errors. */
  subgraphs: Record<GuildSubgraphName, SubgraphCounters>;
  gateways: Array<Omit<GuildGatewayResult, 'runs'> & { coldStartMedianMs?: number; summary?: ScenarioSummary }>;
  runs: Record<string, LoadResult[]>;
}

const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');

export function renderGuildMarkdown(r: GuildReport): string {
  const s = r.settings;
  const apollo = r.gateways.find((g) => g.key === 'apollo')?.summary;
  const lines = [
    `# Gateway-bound workload: The Guild's federation benchmark, ${r.startedAt}`,
    '',
    `${s.rounds} round(s) of ${s.durationS} s per gateway (after ${s.warmupS} s warm-up), ${s.connections} connections, one query planned as ${r.plannedFetches} fetches. ` +
      `Gateway on CPU ${s.gatewayCpu}; subgraphs (answering from memory) and load generator on CPU ${s.othersCpu}. ` +
      `Machine: ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average ${r.machine.loadAverageAtStart} at start, ${r.machine.loadAverageAtEnd} at end. ` +
      `Our gateway: limits.maxCost ${s.maxCost}, agentTools off, LOG_LEVEL ${s.logLevel}. Medians over rounds. See docs/performance.md.`,
    '',
    '| gateway | status | req/s | × stock Apollo | gateway CPU ms/req | per-core capacity (1000 ÷ ms) | p50 ms | p99 ms | errors | RSS MB | subgraph requests per query | bottleneck |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.gateways.map((g) => {
      const m = g.summary;
      if (!m) return `| ${g.label} | ${g.status}${g.reason ? `: ${g.reason.replaceAll('|', '\\|')}` : ''} | | | | | | | | | ${g.subgraphRequests ?? ''} | |`;
      return `| ${g.label} | ${g.status} | ${m.requestsPerSecond} | ${apollo ? ratio(m.requestsPerSecond, apollo.requestsPerSecond) : '–'} | ${m.cpuMsPerRequest} | ${m.perCoreCapacity} | ${m.p50Ms} | ${m.p99Ms} | ${m.errors} | ${m.rssMb} | ${g.subgraphRequests ?? ''} | ${m.bottleneck} |`;
    }),
    '',
    'Subgraphs over the whole run (requests; answers executed rather than served from memory; answers with errors):',
    '',
    ...Object.entries(r.subgraphs).map(([name, c]) => `- ${name}: ${c.requests} requests, ${c.executed} executed, ${c.errors} with errors`),
    '',
  ];
  return lines.join('\n');
}
