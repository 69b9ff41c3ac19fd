import type { GraphProcess } from '../chaos/cluster';
import type { TcpProxy } from '../../test/scale/events/support/tcpProxy';

/** When each fault began and ended, on the history's clock (performance.now()). */
export interface FaultTimes {
  replicaKilledAt?: number;
  replicaBackAt?: number;
  redisCutAt?: number;
  redisBackAt?: number;
}

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/**
 * The faults of a run, at fixed fractions of it. Redis unreachable from 30 % to 55 % (the relay resets every
 * connection and refuses new ones: the generations cannot be read, so both replicas must send every fetch to
 * the owners), then both replicas serving again with what they held before the cut. At 70 % replica
 * `gateway-2` SIGKILLed (its reads in flight fail, the others go to gateway-1) and started again at once (it
 * serves again once up, with an empty cache): last, because a restart under tsx takes a while, and until
 * then the run has only one replica.
 */
export async function runFaults(startedAt: number, durationMs: number, replica: GraphProcess, redisRelay: TcpProxy, times: FaultTimes): Promise<void> {
  await sleepUntil(startedAt + durationMs * 0.3);
  times.redisCutAt = performance.now();
  await redisRelay.cut();
  await sleepUntil(startedAt + durationMs * 0.55);
  await redisRelay.restore();
  times.redisBackAt = performance.now();
  await sleepUntil(startedAt + durationMs * 0.7);
  times.replicaKilledAt = performance.now();
  await replica.down('SIGKILL');
  await replica.up();
  times.replicaBackAt = performance.now();
}
