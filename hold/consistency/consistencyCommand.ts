import { writeFileSync } from 'node:fs';
import { projectPath } from '../../common/paths';
import { checkHistory } from './checker';
import { runFaults, type FaultTimes } from './faults';
import { startConsistencyGraph } from './graph';
import { History } from './history';
import { Replicas } from './replicas';
import { consistencyMarkdown, unexpectedErrors } from './report';
import { runWorkload, warmUp } from './workload';
import { consistencyWorld } from './world';

const HOT_CUSTOMERS = 6;
const READERS = 3;
/** Writes in a 1 s burst of every 3 s (see WorkloadOptions.burstMs), each writer pausing 200 ms ± 50 % between its writes. */
const WRITE_PAUSE_MS = 200;
const BURST_MS = 1000;
const CYCLE_MS = 3000;

/**
 * `npm run hold -- consistency [--quick] [--seconds N]`: writers and readers over two replicas with the
 * entity cache on, a replica killed and Redis cut mid-run, every read checked against the history.
 * Exit 1 on a stale read, an error no fault excuses, or a run that proved nothing (no read from a cache,
 * none while Redis was away).
 */
export async function consistencyCommand(options: { seconds: number; quick: boolean }): Promise<number> {
  // Enough cancellable orders and returnable lines for a writer doing at most 5 writes a burst.
  const perCustomer = Math.ceil((options.seconds * 5) / (CYCLE_MS / 1000) / HOT_CUSTOMERS) + 1;
  const target = consistencyWorld({ hotCustomers: HOT_CUSTOMERS, placedEach: perCustomer, deliveredEach: Math.ceil(perCustomer / 2) });
  const database = process.env.TEST_DATABASE_URL ? 'PostgreSQL (schemas of the run\'s own)' : 'PGlite';
  console.log(`consistency: starting the graph (${database}), ${options.seconds} s of load…`);
  const graph = await startConsistencyGraph(target.world);
  const replicas = new Replicas(graph.replicas);
  let passed = false;
  try {
    await warmUp(target, graph.replicas, graph.token);
    const history = new History();
    const faults: FaultTimes = {};
    const durationMs = options.seconds * 1000;
    const startedAt = performance.now();
    await Promise.all([
      runWorkload(target, replicas, history, { durationMs, readers: READERS, writePauseMs: WRITE_PAUSE_MS, burstMs: BURST_MS, cycleMs: CYCLE_MS, token: graph.token }),
      runFaults(startedAt, durationMs, graph.killable, graph.redisRelay, faults),
    ]);
    const check = checkHistory(history.writes, history.reads);
    const facts = { seconds: options.seconds, database, readers: READERS, hotCustomers: HOT_CUSTOMERS, startedAt, faults, killed: 'gateway-2' };
    const date = new Date().toISOString().slice(0, 10);
    const markdown = consistencyMarkdown(check, history.writes, history.reads, facts, date);
    console.log(markdown);
    if (!options.quick) {
      const file = projectPath('hold', 'results', `${date}-consistency.md`);
      writeFileSync(file, markdown);
      console.log(`written to ${file}`);
    }
    const duringRedisCut = history.reads.filter((r) => r.observation && r.start >= (faults.redisCutAt ?? Infinity) && r.start < (faults.redisBackAt ?? -Infinity)).length;
    const failures = [
      check.staleReads.length > 0 && `${check.staleReads.length} stale reads`,
      unexpectedErrors([...history.reads, ...history.writes], facts).length > 0 && 'errors no fault excuses',
      check.readsFromCache === 0 && 'no read was served from a cache: the run proves nothing about it',
      duringRedisCut === 0 && 'no read answered while Redis was unreachable',
    ].filter(Boolean);
    for (const failure of failures) console.error(`consistency: FAILED: ${failure}`);
    passed = failures.length === 0;
    return passed ? 0 : 1;
  } finally {
    replicas.close();
    await graph.stop({ keepLogs: !passed });
    if (!passed) console.error(`consistency: gateway-2's log kept in ${graph.logDir}`);
  }
}
