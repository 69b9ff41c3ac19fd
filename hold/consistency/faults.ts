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
 * The faults of a run, at fixed fractions of it: replica `gateway-2` SIGKILLed at 25 % (its reads in flight
 * fail, the others go to gateway-1) and started again at once (it serves again when it is up, with an empty
 * cache); Redis unreachable from 55 % to 80 % (the relay resets every connection and refuses new ones: the
 * generations cannot be read, so both replicas must send every fetch to the owners).
 */
export async function runFaults(startedAt: number, durationMs: number, replica: GraphProcess, redisRelay: TcpProxy, times: FaultTimes): Promise<void> {
  await sleepUntil(startedAt + durationMs * 0.25);
  times.replicaKilledAt = performance.now();
  await replica.down('SIGKILL');
  const restarted = replica.up().then(() => {
    times.replicaBackAt = performance.now();
  });
  await sleepUntil(startedAt + durationMs * 0.55);
  times.redisCutAt = performance.now();
  await redisRelay.cut();
  await sleepUntil(startedAt + durationMs * 0.8);
  await redisRelay.restore();
  times.redisBackAt = performance.now();
  await restarted;
}
