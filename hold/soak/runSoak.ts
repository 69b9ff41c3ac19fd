import { LoadDriver, percentile, type Outcome } from '../load/driver';
import { RequestMix } from '../load/mix';
import { cancellableOrders, checkLedger } from '../chaos/ledger';
import type { World } from '../chaos/world';
import { sampleProcess, slope, type ProcSample } from './procSample';

export interface SoakOptions {
  durationMs: number;
  /** Samples before this are warm-up: not in the slopes. */
  warmupMs: number;
  sampleEveryMs?: number;
  concurrency?: number;
  onMinute?(line: string): void;
}

export interface ProcessFigures {
  name: string;
  rssStartMiB: number;
  rssEndMiB: number;
  /** MiB per minute after warm-up. */
  rssSlope: number;
  fdsStart: number;
  fdsEnd: number;
  fdsSlope: number;
}

export interface SoakReport {
  minutes: number;
  requests: number;
  errors: number;
  errorCodes: Record<string, number>;
  perMinute: Array<{ minute: number; requests: number; errors: number; p50: number; p99: number }>;
  processes: ProcessFigures[];
  ledger: { problems: string[]; casesConfirmed: number; cancellations: number; outboxUnpublished: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Steady mixed load on both gateway replicas for `durationMs`, sampling every process of the
 * graph; then the ledger (each cancellation one event and one notification, the outbox empty).
 */
export async function runSoak(world: World, options: SoakOptions): Promise<SoakReport> {
  const attempted = await cancellableOrders(world.db.directUrl, 400);
  const driver = new LoadDriver({ gateways: world.gatewayOrigins(), token: world.token, concurrency: options.concurrency ?? 6, mix: new RequestMix([...attempted]), pauseMs: 10 });
  const processes = world.cluster.all();
  const samples = new Map<string, Array<[number, ProcSample]>>(processes.map((p) => [p.name, []]));
  driver.start();
  const every = options.sampleEveryMs ?? 5000;
  let reported = 0;
  while (driver.now() < options.durationMs) {
    const t = driver.now();
    for (const p of processes) {
      const s = sampleProcess(p.pid);
      if (s) samples.get(p.name)!.push([t, s]);
    }
    const minute = Math.floor(t / 60_000);
    if (minute > reported && options.onMinute) {
      reported = minute;
      const m = minuteFigures(driver.outcomes, minute - 1);
      options.onMinute(`  minute ${minute}: ${m.requests} requests, ${m.errors} errors, p50 ${m.p50} ms, p99 ${m.p99} ms`);
    }
    await sleep(Math.min(every, Math.max(0, options.durationMs - driver.now())));
  }
  await driver.stop();
  const outcomes = driver.outcomes;
  const errorCodes: Record<string, number> = {};
  for (const o of outcomes) if (!o.ok) for (const c of o.codes.length ? o.codes : [`HTTP_${o.status}`]) errorCodes[c] = (errorCodes[c] ?? 0) + 1;
  const minutes = Math.ceil(options.durationMs / 60_000);
  const ledger = await checkLedger(world.db.directUrl, outcomes, attempted);
  return {
    minutes: options.durationMs / 60_000,
    requests: outcomes.length,
    errors: outcomes.filter((o) => !o.ok).length,
    errorCodes,
    perMinute: Array.from({ length: minutes }, (_, m) => ({ minute: m + 1, ...minuteFigures(outcomes, m) })),
    processes: processes.map((p) => figures(p.name, samples.get(p.name)!, options.warmupMs)),
    ledger,
  };
}

function minuteFigures(outcomes: Outcome[], minute: number) {
  const inMinute = outcomes.filter((o) => o.start >= minute * 60_000 && o.start < (minute + 1) * 60_000);
  return { requests: inMinute.length, errors: inMinute.filter((o) => !o.ok).length, p50: percentile(inMinute, 50), p99: percentile(inMinute, 99) };
}

function figures(name: string, series: Array<[number, ProcSample]>, warmupMs: number): ProcessFigures {
  const warm = series.filter(([t]) => t >= warmupMs);
  const first = series[0]?.[1];
  const last = series[series.length - 1]?.[1];
  return {
    name,
    rssStartMiB: first?.rssMiB ?? 0,
    rssEndMiB: last?.rssMiB ?? 0,
    rssSlope: slope(warm.map(([t, s]) => [t / 60_000, s.rssMiB])),
    fdsStart: first?.fds ?? 0,
    fdsEnd: last?.fds ?? 0,
    fdsSlope: slope(warm.map(([t, s]) => [t / 60_000, s.fds])),
  };
}

export function formatSoak(r: SoakReport): string {
  const lines = [
    `soak: ${r.minutes.toFixed(1)} min, ${r.requests} requests, ${r.errors} errors${r.errors ? ` (${Object.entries(r.errorCodes).map(([c, n]) => `${c} x${n}`).join(', ')})` : ''}`,
    ...r.perMinute.map((m) => `  minute ${m.minute}: ${m.requests} requests, ${m.errors} errors, p50 ${m.p50} ms, p99 ${m.p99} ms`),
    '  process         RSS start -> end (MiB)   slope after warm-up   fds start -> end (slope/min)',
    ...r.processes.map((p) => `  ${p.name.padEnd(15)} ${p.rssStartMiB.toFixed(1).padStart(6)} -> ${p.rssEndMiB.toFixed(1).padStart(6)}        ${(p.rssSlope >= 0 ? '+' : '') + p.rssSlope.toFixed(2)} MiB/min        ${p.fdsStart} -> ${p.fdsEnd} (${p.fdsSlope.toFixed(2)})`),
    `  ledger: cases confirmed ${r.ledger.casesConfirmed}, cancellations ${r.ledger.cancellations} (each exactly one event and one notification), outbox left ${r.ledger.outboxUnpublished}${r.ledger.problems.length ? `; problems: ${r.ledger.problems.join('; ')}` : ''}`,
  ];
  return lines.join('\n');
}
