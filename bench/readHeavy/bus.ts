import { setTimeout as sleep } from 'node:timers/promises';
import { CONSUMER_NAME } from '../../subgraphs/notifications/consumer';
import { consumerBacklog, deleteStreams, testBusEnv } from '../../test/scale/events/support/busEnv';

export type BusEnv = Record<string, string>;

/**
 * The owners' events on NATS JetStream, between the bench's processes: a stream and subject prefix of
 * this run's own (nothing mixes with another developer's run), the bus's default timings. The gateway
 * watches the stream to drop what a change made stale; Notifications consumes Orders' and Support's
 * events as deployed. BENCH_EVENT_BUS tells the bench's subgraph host to use it (bench/subgraphHost.ts).
 */
export function benchBusEnv(natsUrl: string): BusEnv {
  const { LOG_LEVEL: _silent, ...env } = testBusEnv({
    NATS_URL: natsUrl,
    NATS_ACK_WAIT_MS: '30000',
    NATS_MAX_DELIVER: '5',
    NATS_RETRY_DELAY_MS: '1000',
    NATS_PUBLISH_TIMEOUT_MS: '5000',
    NATS_RECONNECT_WAIT_MS: '2000',
  });
  return { ...env, BENCH_EVENT_BUS: 'nats' };
}

/**
 * Waits until Notifications has handled every event so far: the seed's cancellations reach it when the
 * subgraphs start, and its work on them must not fall inside a timed window.
 */
export async function waitForQuietBus(env: BusEnv, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  let quietPolls = 0;
  while (quietPolls < 2) {
    if (Date.now() - started > timeoutMs) throw new Error(`Notifications still had events to handle after ${timeoutMs} ms`);
    await sleep(500);
    const backlog = await withProcessNats(env, () => consumerBacklog(env, CONSUMER_NAME)).catch(() => 1);
    quietPolls = backlog === 0 ? quietPolls + 1 : 0;
  }
  return Date.now() - started;
}

export function removeBusStreams(env: BusEnv): Promise<void> {
  return withProcessNats(env, () => deleteStreams(env));
}

/** The helpers read NATS_URL from this process's environment. */
async function withProcessNats<T>(env: BusEnv, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.NATS_URL;
  process.env.NATS_URL = env.NATS_URL;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.NATS_URL;
    else process.env.NATS_URL = saved;
  }
}
