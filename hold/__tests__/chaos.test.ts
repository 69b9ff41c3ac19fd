import { SCENARIOS } from '../chaos/catalog';
import { formatResult } from '../chaos/chaosCommand';
import { runScenario } from '../chaos/scenarios';
import { startWorld, type World } from '../chaos/world';
import { formatSoak, runSoak } from '../soak/runSoak';

/**
 * The short form of `npm run hold -- chaos`: the graph as processes on its own database (on the
 * PostgreSQL server of TEST_DATABASE_URL), NATS and Redis, one fault per dependency under load.
 * Needs a PostgreSQL server, nats-server and redis-server: run where TEST_DATABASE_URL is set.
 */
const suite = process.env.TEST_DATABASE_URL ? describe : describe.skip;
if (!process.env.TEST_DATABASE_URL) process.stderr.write('skipped hold/__tests__/chaos.test.ts: set TEST_DATABASE_URL to run it\n');

suite('the graph under faults, with load on both gateway replicas', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ customers: 40 });
  }, 180_000);
  afterAll(() => world?.stop(), 60_000);

  test('When both replicas serve steady mixed load for 20 s with subscriptions open (the soak\'s short form), then no request fails, every cancellation has one event and one notification, and every subscription gets each payload once', async () => {
    const report = await runSoak(world, { durationMs: 20_000, warmupMs: 5000, concurrency: 6, cancellable: 120, watchedOrders: 12 });
    process.stdout.write(`${formatSoak(report)}\n`);
    expect(report.errorCodes).toEqual({});
    expect(report.ledger.problems).toEqual([]);
    expect(report.requests).toBeGreaterThan(100);
    expect(report.ledger.outboxUnpublished).toBe(0);
    expect(report.live.problems).toEqual([]);
    expect(report.live.expected).toBeGreaterThan(20);
    expect([report.live.missing, report.live.duplicates]).toEqual([0, 0]);
    for (const p of report.processes) expect(p.heapAfterGc.end).toBeGreaterThan(0); // every process answered its probe
  }, 120_000);

  test.each(Object.keys(SCENARIOS))('When the fault "%s" hits under load, then clients see only its coded errors, the graph recovers without a restart, and no write is lost', async (name) => {
    const result = await runScenario(world, SCENARIOS[name], { warmMs: 1000, recoverMs: 3000, concurrency: 6 });
    process.stdout.write(`${formatResult(result)}\n`);
    expect(result.problems).toEqual([]);
    expect(result.requests).toBeGreaterThan(50);
  }, 120_000);
});
