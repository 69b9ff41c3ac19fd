import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { cpuMeter, rssSampler, round, type CpuGroups, type CpuReport } from '../procStats';
import { answerProblem } from './checks';
import { WRITE_KINDS, type MixOperation, type WriteKind } from './mix';
import type { WrittenLedger } from './readYourWrites';
import type { MixRequest } from './requests';

export interface ClassStats {
  count: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface MixLoadResult {
  durationS: number;
  reads: ClassStats;
  writes: ClassStats;
  writesByKind: Record<WriteKind, number>;
  /** Answers that were not right (HTTP, GraphQL errors, wrong shape or data, a write not seen) and requests that got no answer. */
  errors: { reads: number; writes: number; noAnswer: number; samples: string[] };
  /** Peak resident memory of the gateway's process tree (MB). */
  gatewayRssMb: number;
  cpu: CpuReport;
}

export interface MixLoadOptions {
  url: string;
  connections: number;
  durationS: number;
  next(): MixOperation;
  requestFor(op: MixOperation): MixRequest;
  /** Writes answered so far (this run's and its warm-up's): later reads of the same customer must show them. */
  ledger: WrittenLedger;
  gatewayPids(): number[];
  cpuGroups(): CpuGroups;
}

/**
 * A closed loop of `connections` callers over keep-alive connections, each sending the mix's next
 * operation as soon as its last one is answered. Not autocannon: reads and writes are timed apart
 * (the target is on the reads' p99) and every answer is checked against what it must hold.
 */
export async function runMixLoad(options: MixLoadOptions): Promise<MixLoadResult> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1, headersTimeout: 10_000, bodyTimeout: 10_000 });
  const latencies = { read: [] as number[], write: [] as number[] };
  const writesByKind = Object.fromEntries(WRITE_KINDS.map((k) => [k, 0])) as Record<WriteKind, number>;
  const errors = { reads: 0, writes: 0, noAnswer: 0, samples: [] as string[] };
  const sample = (text: string) => {
    if (errors.samples.length < 5) errors.samples.push(text);
  };
  const meter = cpuMeter(() => ({ server: options.gatewayPids(), ...options.cpuGroups() }));
  const rss = rssSampler(() => options.gatewayPids()[0]);
  const started = performance.now();
  const end = started + options.durationS * 1000;
  meter.start();
  const caller = async () => {
    while (performance.now() < end) {
      const op = options.next();
      const { body, authorization } = options.requestFor(op);
      const sent = performance.now();
      try {
        const answer = await pool.request({ path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
        const text = await answer.body.text();
        const answeredAt = performance.now();
        const problem = answerProblem(op, answer.statusCode, text, (customer) => options.ledger.staleProblem(op.reader.id, customer, sent));
        const isRead = op.kind === 'read';
        (isRead ? latencies.read : latencies.write).push(answeredAt - sent);
        if (!isRead && !problem) options.ledger.recordAnswered(op, answeredAt);
        if (!isRead) writesByKind[op.kind] += 1;
        if (problem) {
          if (isRead) errors.reads += 1;
          else errors.writes += 1;
          sample(`${op.kind} (${op.reader.id}): ${problem}`);
        }
      } catch (error) {
        errors.noAnswer += 1;
        sample(`${op.kind} (${op.reader.id}): no answer: ${(error as Error).message}`);
        await sleep(10); // a gateway that is gone refuses at once: do not spin
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, caller));
  } finally {
    await pool.close();
  }
  const cpu = meter.stop();
  const durationS = (performance.now() - started) / 1000;
  return {
    durationS: round(durationS, 2),
    reads: classStats(latencies.read, durationS),
    writes: classStats(latencies.write, durationS),
    writesByKind,
    errors,
    gatewayRssMb: rss.stop(),
    cpu,
  };
}

function classStats(latencies: number[], durationS: number): ClassStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    perSecond: round(sorted.length / durationS, 1),
    p50Ms: sorted.length ? round(percentile(sorted, 0.5), 1) : 0,
    p99Ms: sorted.length ? round(percentile(sorted, 0.99), 1) : 0,
  };
}

/** The nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
