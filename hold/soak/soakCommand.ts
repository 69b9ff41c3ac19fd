import { startWorld } from '../chaos/world';
import { formatSoak, runSoak } from './runSoak';

/**
 * `npm run hold -- soak [--minutes N]`: the graph as processes (two gateway replicas) on its own
 * PostgreSQL database, NATS and Redis, under steady mixed load. Exit code 1 on any error or lost write.
 */
export async function soakCommand(options: { minutes: number }): Promise<number> {
  const world = await startWorld();
  try {
    const report = await runSoak(world, {
      durationMs: options.minutes * 60_000,
      warmupMs: Math.min(60_000, (options.minutes * 60_000) / 4),
      cancellable: Math.ceil(options.minutes * 200),
      onMinute: (line) => console.error(line),
    });
    console.log(formatSoak(report));
    return report.errors || report.ledger.problems.length || report.live.missing || report.live.duplicates || report.live.problems.length ? 1 : 0;
  } finally {
    await world.stop();
  }
}
