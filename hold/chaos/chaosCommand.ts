import { SCENARIOS } from './catalog';
import { runScenario, type ScenarioResult } from './scenarios';
import { startWorld } from './world';

/** One line per scenario: what clients saw, how long recovery took, what the ledger says. */
export function formatResult(r: ScenarioResult): string {
  const codes = Object.entries(r.codesDuringFault).map(([c, n]) => `${c} x${n}`).join(', ') || 'none';
  return [
    `${r.problems.length ? 'FAIL' : 'ok  '} ${r.name}`,
    `     ${r.requests} requests; failed during the fault ${r.failedDuringFault} (codes: ${codes}); recovery ${r.recoveryMs} ms after the fault ended;`,
    `     p99 ${r.p99BeforeMs} ms before, ${r.p99DuringMs} ms during; cases confirmed ${r.ledger.casesConfirmed}, cancellations ${r.ledger.cancellations} (each one event, one notification), outbox left ${r.ledger.outboxUnpublished}`,
    ...r.problems.map((p) => `     problem: ${p}`),
  ].join('\n');
}

/**
 * `npm run hold -- chaos [--only a,b]`: a graph of processes on this run's own database (on the
 * PostgreSQL server of TEST_DATABASE_URL, default the local one), NATS and Redis; each fault under
 * load in turn. Exit code 1 when any scenario fails.
 */
export async function chaosCommand(options: { only?: string[] }): Promise<number> {
  const names = options.only?.length ? options.only : Object.keys(SCENARIOS);
  const unknown = names.filter((n) => !SCENARIOS[n]);
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  const started = Date.now();
  const world = await startWorld();
  console.log(`chaos: graph up in ${((Date.now() - started) / 1000).toFixed(1)} s (logs in ${world.cluster.logDir})`);
  let failed = 0;
  try {
    for (const name of names) {
      const result = await runScenario(world, SCENARIOS[name]);
      if (result.problems.length) failed++;
      console.log(formatResult(result));
    }
  } finally {
    await world.stop();
  }
  console.log(`chaos: ${names.length - failed} of ${names.length} scenarios held, ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  return failed ? 1 : 0;
}
