import type { CheckReport } from './checker';
import { describeFact } from './checker';
import type { FaultTimes } from './faults';
import type { ReadOp, WriteOp } from './history';

export interface RunFacts {
  seconds: number;
  database: string;
  readers: number;
  hotCustomers: number;
  startedAt: number;
  faults: FaultTimes;
  /** The replica the run kills. */
  killed: string;
}

type Phase = 'all up' | 'gateway-2 down' | 'Redis unreachable';
const PHASES: Phase[] = ['all up', 'gateway-2 down', 'Redis unreachable'];

function phaseOf(at: number, f: FaultTimes): Phase {
  if (f.redisCutAt !== undefined && at >= f.redisCutAt && at < (f.redisBackAt ?? Infinity)) return 'Redis unreachable';
  if (f.replicaKilledAt !== undefined && at >= f.replicaKilledAt && at < (f.replicaBackAt ?? Infinity)) return 'gateway-2 down';
  return 'all up';
}

/**
 * Errors the faults excuse: operations on the killed replica in flight when it died or sent before it was
 * back (and 1 s after, while the client's health check notices). Any other error fails the run: with Redis
 * unreachable the replicas must answer from the owners, not fail.
 */
export function unexpectedErrors(ops: ReadonlyArray<ReadOp | WriteOp>, facts: RunFacts): Array<ReadOp | WriteOp> {
  const { replicaKilledAt, replicaBackAt } = facts.faults;
  return ops.filter((op) => {
    if (!op.error) return false;
    const excused = op.replica === facts.killed && replicaKilledAt !== undefined && op.end >= replicaKilledAt && op.start <= (replicaBackAt ?? Infinity) + 1000;
    return !excused;
  });
}

const seconds = (at: number | undefined, facts: RunFacts) => (at === undefined ? '—' : `${((at - facts.startedAt) / 1000).toFixed(1)} s`);

export function consistencyMarkdown(check: CheckReport, writes: readonly WriteOp[], reads: readonly ReadOp[], facts: RunFacts, date: string): string {
  const byOperation = new Map<string, number>();
  for (const w of writes) if (w.fact) byOperation.set(w.operation, (byOperation.get(w.operation) ?? 0) + 1);
  const unexpected = unexpectedErrors([...reads, ...writes], facts);
  const stalePhase = (p: Phase) => check.staleReads.filter((s) => phaseOf(s.read.start, facts.faults) === p).length;
  const rows = PHASES.map((p) => {
    const r = reads.filter((op) => phaseOf(op.start, facts.faults) === p);
    const w = writes.filter((op) => phaseOf(op.start, facts.faults) === p);
    return `| ${p} | ${r.filter((op) => op.observation).length} | ${r.filter((op) => op.cacheHits > 0).length} | ${r.filter((op) => op.error).length} | ${w.length} | ${w.filter((op) => op.error).length} | ${stalePhase(p)} |`;
  });
  const lines = [
    `# Consistency check, ${date}`,
    '',
    `${facts.seconds} s of concurrent writers and readers (\`npm run hold -- consistency\`, [docs/reliability.md](../../docs/reliability.md#consistency-checker)): two gateway replicas with the entity cache on (\`ENTITY_CACHE=auto\`, NATS JetStream, Redis generations), subgraphs on ${facts.database}, ${facts.readers} readers and 4 writers over ${facts.hotCustomers} customers.`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| **stale reads** (goal 0) | **${check.staleReads.length}** |`,
    `| reads checked | ${check.readsChecked} (${check.readsFromCache} served partly from a replica's cache) |`,
    `| comparisons (a read and an earlier write of an entity it shows) | ${check.comparisons} |`,
    `| writes | ${check.writes - check.writeErrors} answered (${[...byOperation].map(([op, n]) => `${op} ${n}`).join(', ')}), ${check.writeErrors} failed |`,
    `| reads that saw old data while overlapping its write (allowed) | ${check.oldButConcurrent} |`,
    `| longest window in which a read could legitimately see old data | ${check.longestWindowMs.toFixed(0)} ms |`,
    `| errors the faults do not excuse | ${unexpected.length} |`,
    '',
    `Faults: ${facts.killed} SIGKILLed at ${seconds(facts.faults.replicaKilledAt, facts)}, serving again at ${seconds(facts.faults.replicaBackAt, facts)}; Redis cut at ${seconds(facts.faults.redisCutAt, facts)}, restored at ${seconds(facts.faults.redisBackAt, facts)}.`,
    '',
    '| phase (by when a read or write was sent) | reads checked | from cache | read errors | writes | write errors | stale |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ];
  if (check.staleReads.length) {
    lines.push('', '## Stale reads (first 20)', '');
    for (const s of check.staleReads.slice(0, 20)) {
      lines.push(`- ${s.read.operation} #${s.read.id} on ${s.read.replica}, sent ${s.afterWriteMs.toFixed(0)} ms after ${s.write.operation} #${s.write.id} on ${s.write.replica} was answered (${describeFact(s.write.fact!)}): saw ${s.saw}`);
    }
  }
  if (unexpected.length) {
    lines.push('', '## Errors the faults do not excuse (first 10)', '');
    for (const op of unexpected.slice(0, 10)) lines.push(`- ${op.operation} #${op.id} on ${op.replica} at ${seconds(op.start, facts)}: ${op.error}`);
  }
  return lines.join('\n') + '\n';
}
