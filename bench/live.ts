import { loadavg } from 'node:os';
import { SUBGRAPH_NAMES, type SubgraphName } from '../common/subgraphs';
import { loadLiveConfig } from '../gateway/live/liveConfig';
import { testDatabase } from '../test/support/database';
import { startTestGraph, type TestGraph } from '../test/support/graph';
import { deleteStreams, testBusEnv } from '../test/scale/events/support/busEnv';
import { fanOut } from './live/fanOut';
import { changeToPayload } from './live/latency';
import { ms } from './live/measure';

/**
 * `npm run bench:live` (`-- --quick`): the live graph's figures (docs/live-graph.md).
 * 1. change → payload in one process (in-process bus), p50/p99;
 * 2. the same from replica A to a subscriber on replica B over NATS JetStream (NATS_URL and
 *    TEST_DATABASE_URL set: the replicas share PostgreSQL), else skipped;
 * 3. fan-out: 1,000 open subscriptions on one gateway, RSS, CPU per event, payloads per second,
 *    listeners back to zero after closing.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rounds = quick ? 30 : 200;
  const fanEvents = quick ? 3 : 10;
  process.env.LOG_LEVEL ??= 'silent';
  process.env.DEMO_MODE ??= 'true';
  const lines: string[] = [`live graph bench (${quick ? 'quick' : 'full'}; Node ${process.version}; engine ${process.env.GATEWAY_ENGINE || 'engine'}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start)`];

  const single = await startTestGraph({ gateway: { live: { ...loadLiveConfig({}), maxPerCaller: 2000 } } });
  try {
    const local = await changeToPayload(single, single, rounds);
    lines.push(`change → payload, one process, in-process bus: p50 ${ms(local.p50)}, p99 ${ms(local.p99)} (${local.rounds} changes)`);
    for (const mode of ['distinct', 'shared'] as const) {
      const fan = await fanOut(single, 1000, fanEvents, mode);
      const who = mode === 'shared' ? "one agent's identical subscriptions" : 'each an agent of its own';
      lines.push(
        `fan-out: ${fan.subscriptions} subscriptions on one gateway, ${who}: every ORDER_CANCELLED payload out ${ms(fan.allDeliveredMs)} after the change (median of ${fanEvents}), ` +
          `${Math.round(fan.payloadsPerSecond)} payloads/s, RSS ${fan.rssBeforeMiB.toFixed(0)} → ${fan.rssOpenMiB.toFixed(0)} MiB with them open, ` +
          `CPU ${fan.cpuMsPerEvent.toFixed(0)} ms per event (${fan.events} events: each change and its notice; whole process: gateway and subgraphs), listeners after closing: ${fan.listenersAfterClose}`,
      );
    }
  } finally {
    await single.stop();
  }

  if (process.env.NATS_URL && process.env.TEST_DATABASE_URL) {
    const busEnv = testBusEnv({ LOG_LEVEL: 'silent' });
    const databases = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, testDatabase(`bench_live_${name}`)])) as Record<SubgraphName, ReturnType<typeof testDatabase>>;
    const env = { ...process.env, ...busEnv };
    let a: TestGraph | undefined;
    let b: TestGraph | undefined;
    try {
      a = await startTestGraph({ env, database: (name) => databases[name] });
      b = await startTestGraph({ env, database: (name) => databases[name] });
      const nats = await changeToPayload(a, b, rounds);
      lines.push(`change → payload, replica A → subscriber on replica B over NATS: p50 ${ms(nats.p50)}, p99 ${ms(nats.p99)} (${nats.rounds} changes)`);
    } finally {
      await b?.stop();
      await a?.stop();
      for (const db of Object.values(databases)) await db.cleanup();
      await deleteStreams(busEnv);
    }
  } else {
    lines.push('replica A → B over NATS: skipped (set NATS_URL and TEST_DATABASE_URL)');
  }
  lines.push(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(lines.join('\n'));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
