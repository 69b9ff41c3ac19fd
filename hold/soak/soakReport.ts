import { percentile, type Outcome } from '../load/driver';
import type { LiveTally } from './liveWatchers';
import { slope, type ProcSample } from './procSample';
import type { RuntimeSample } from './runtimeSample';

/** One tick of one process: the kernel's view, and (when it answered) the process's own. */
export interface Tick {
  t: number;
  proc: ProcSample;
  runtime?: RuntimeSample;
}

interface Trend {
  start: number;
  end: number;
  /** Per minute, after warm-up. */
  slope: number;
}

export interface ProcessFigures {
  name: string;
  rss: Trend;
  heapUsed: Trend;
  /** Heap in use after a full collection: what the process keeps. */
  heapAfterGc: Trend;
  /** What V8 reserved for the heap, and memory held outside it (Buffers): with heap after GC, what RSS is made of. */
  heapTotal: Trend;
  external: Trend;
  handles: Trend;
  fds: Trend;
  /** Heap after collection / active handles at each whole minute. */
  timeline: Array<{ minute: number; heapAfterGcMiB: number; handles: number }>;
}

export interface SoakReport {
  minutes: number;
  requests: number;
  errors: number;
  /** By operation and code. */
  errorCodes: Record<string, number>;
  firstErrors: string[];
  perMinute: Array<{ minute: number; requests: number; errors: number; p50: number; p99: number }>;
  processes: ProcessFigures[];
  ledger: { problems: string[]; casesConfirmed: number; cancellations: number; outboxUnpublished: number };
  live: LiveTally;
}

export function minuteFigures(outcomes: Outcome[], minute: number) {
  const inMinute = outcomes.filter((o) => o.start >= minute * 60_000 && o.start < (minute + 1) * 60_000);
  return { requests: inMinute.length, errors: inMinute.filter((o) => !o.ok).length, p50: percentile(inMinute, 50), p99: percentile(inMinute, 99) };
}

function trend(series: Array<[number, number]>, warmupMs: number): Trend {
  const warm = series.filter(([t]) => t >= warmupMs);
  return { start: series[0]?.[1] ?? 0, end: series[series.length - 1]?.[1] ?? 0, slope: slope(warm.map(([t, v]) => [t / 60_000, v])) };
}

export function processFigures(name: string, ticks: Tick[], warmupMs: number): ProcessFigures {
  const runtime = ticks.filter((k) => k.runtime);
  const collected = runtime.filter((k) => k.runtime!.heapAfterGcMiB !== undefined);
  const lastMinute = Math.floor((ticks[ticks.length - 1]?.t ?? 0) / 60_000);
  const timeline = Array.from({ length: lastMinute + 1 }, (_, minute) => {
    // The sample closest to the whole minute.
    const at = collected.reduce<Tick | undefined>((best, k) => (!best || Math.abs(k.t - minute * 60_000) < Math.abs(best.t - minute * 60_000) ? k : best), undefined);
    return { minute, heapAfterGcMiB: at?.runtime?.heapAfterGcMiB ?? 0, handles: at?.runtime?.handles ?? 0 };
  });
  return {
    name,
    rss: trend(ticks.map((k) => [k.t, k.proc.rssMiB]), warmupMs),
    heapUsed: trend(runtime.map((k) => [k.t, k.runtime!.heapUsedMiB]), warmupMs),
    heapAfterGc: trend(collected.map((k) => [k.t, k.runtime!.heapAfterGcMiB!]), warmupMs),
    heapTotal: trend(collected.map((k) => [k.t, k.runtime!.heapTotalMiB]), warmupMs),
    external: trend(collected.map((k) => [k.t, k.runtime!.externalMiB]), warmupMs),
    handles: trend(runtime.map((k) => [k.t, k.runtime!.handles]), warmupMs),
    fds: trend(ticks.map((k) => [k.t, k.proc.fds]), warmupMs),
    timeline,
  };
}

const signed = (n: number, digits = 2) => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;
const arrow = (t: Trend, digits = 1) => `${t.start.toFixed(digits)} -> ${t.end.toFixed(digits)} (${signed(t.slope)}/min)`;

export function formatSoak(r: SoakReport): string {
  const live = r.live;
  const lines = [
    `soak: ${r.minutes.toFixed(1)} min, ${r.requests} requests, ${r.errors} errors${r.errors ? ` (${Object.entries(r.errorCodes).map(([c, n]) => `${c} x${n}`).join(', ')})` : ''}`,
    ...r.firstErrors.map((e) => `  error: ${e}`),
    ...r.perMinute.map((m) => `  minute ${m.minute}: ${m.requests} requests, ${m.errors} errors, p50 ${m.p50} ms, p99 ${m.p99} ms`),
    '  process          RSS MiB                    heap used MiB              heap after GC MiB          handles (no timers)   fds',
    ...r.processes.map((p) => `  ${p.name.padEnd(15)}  ${arrow(p.rss).padEnd(26)} ${arrow(p.heapUsed).padEnd(26)} ${arrow(p.heapAfterGc).padEnd(26)} ${arrow(p.handles, 0).padEnd(21)} ${arrow(p.fds, 0)}`),
    '  process          heap reserved MiB          external MiB',
    ...r.processes.map((p) => `  ${p.name.padEnd(15)}  ${arrow(p.heapTotal).padEnd(26)} ${arrow(p.external)}`),
    '  over time (heap after GC MiB / handles, at each minute):',
    ...r.processes.map((p) => `  ${p.name.padEnd(15)}  ${p.timeline.map((m) => `${m.heapAfterGcMiB.toFixed(1)}/${m.handles}`).join('  ')}`),
    `  subscriptions: ${live.subscriptions.sse} over graphql-sse, ${live.subscriptions.ws} over graphql-ws, on both replicas; ${live.payloads} payloads; ${live.matched} of ${live.expected} expected (one per opened case per activity subscription, one per watched cancellation), ${live.missing} missing, ${live.duplicates} twice${live.problems.length ? `; problems: ${live.problems.join('; ')}` : ''}`,
    `  ledger: cases confirmed ${r.ledger.casesConfirmed}, cancellations ${r.ledger.cancellations} (each exactly one event and one notification), outbox left ${r.ledger.outboxUnpublished}${r.ledger.problems.length ? `; problems: ${r.ledger.problems.join('; ')}` : ''}`,
  ];
  return lines.join('\n');
}
