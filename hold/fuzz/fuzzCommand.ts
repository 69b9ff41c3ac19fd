import fc from 'fast-check';
import { heapAfterGc } from '../memory';
import { startFuzzGraph } from './fuzzGraph';
import { fuzzRequest } from './requests';
import { describe, runFuzz } from './runFuzz';

export interface FuzzCommandOptions {
  cases: number;
  seed: number;
  /** Print case `replay` of the seed's sequence instead of running. */
  replay?: number;
}

/**
 * `npm run hold -- fuzz`: the whole graph in this process, `cases` generated cases, then the
 * failures grouped, the heap before and after, and the seed that replays the run. Exit code 1 on
 * any failure, unhandled rejection, or heap not back near its baseline.
 */
export async function fuzzCommand(options: FuzzCommandOptions): Promise<number> {
  // Node parses a module's source map the first time an error's stack passes through that module
  // and keeps it for the life of the process: PGlite's bundle alone took 20 MiB of a 10k run's
  // +31 (heap snapshots, 2026-11-29). tsx turns source maps on; the deployed graph runs compiled,
  // without them. Off here, so a one-time cache of the developer's tooling is not read as a leak.
  process.setSourceMapsEnabled(false);
  const target = await startFuzzGraph();
  try {
    if (options.replay !== undefined) {
      const [request] = fc.sample(fuzzRequest(target.schema, target.credentials), { seed: options.seed, numRuns: options.replay + 1 }).slice(-1);
      console.log(describe(request));
      return 0;
    }
    // Warm-up first: the baseline is a graph that has already compiled, cached and pooled.
    await runFuzz(target, { cases: 200, seed: options.seed ^ 0x5eed, schema: target.schema, credentials: target.credentials });
    const heapBefore = await heapAfterGc();
    const report = await runFuzz(target, {
      cases: options.cases,
      seed: options.seed,
      schema: target.schema,
      credentials: target.credentials,
      onProgress: (done) => done % 1000 === 0 && console.error(`  ${done} cases`),
    });
    const heapAfter = await heapAfterGc();
    const grouped = new Map<string, typeof report.failures>();
    for (const failure of report.failures) {
      const key = failure.verdict.slice(0, 100);
      grouped.set(key, [...(grouped.get(key) ?? []), failure]);
    }
    console.log(`fuzz: ${report.cases} cases in ${report.seconds.toFixed(1)} s, seed ${report.seed}`);
    console.log(`  by kind: ${Object.entries(report.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`  refused mutations checked for half-written changes: ${report.mutationsChecked}`);
    console.log(`  failures: ${report.failures.length}, unhandled rejections/exceptions: ${report.unhandled.length}`);
    for (const [verdict, failures] of grouped) {
      console.log(`  - ${failures.length} x ${verdict}\n      first: case ${failures[0].index} (replay: npm run hold -- fuzz --seed ${report.seed} --replay ${failures[0].index})\n      ${failures[0].request}`);
    }
    for (const line of report.unhandled.slice(0, 5)) console.log(`  unhandled: ${line}`);
    const growth = heapAfter - heapBefore;
    console.log(`  heap after GC: ${heapBefore.toFixed(1)} MiB before, ${heapAfter.toFixed(1)} MiB after (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MiB)`);
    const heapOk = growth < 32;
    if (!heapOk) console.log('  heap did not come back near its baseline (limit +32 MiB)');
    return report.failures.length || report.unhandled.length || !heapOk ? 1 : 0;
  } finally {
    await target.graph.stop();
  }
}
