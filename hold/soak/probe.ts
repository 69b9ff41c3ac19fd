/**
 * Loaded into every process of a chaos or soak cluster (`node --expose-gc --import <this>`): on the
 * parent's request over the IPC channel it answers with what only the process itself can see — the
 * heap in use, before and (when asked) after a full collection, and its active handles by type.
 * Heap after collection is what the process keeps; RSS alone mixes it with the allocator's reserve.
 */
import type { RuntimeSample, SampleRequest } from './runtimeSample';

const collect = (globalThis as { gc?: () => void }).gc;

function sample(afterGc: boolean): Omit<RuntimeSample, 'id'> {
  const heapUsedMiB = process.memoryUsage().heapUsed / 2 ** 20;
  let heapAfterGcMiB: number | undefined;
  if (afterGc && collect) {
    collect();
    heapAfterGcMiB = process.memoryUsage().heapUsed / 2 ** 20;
  }
  const resources: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  // Timers come and go with every request; what could pile up is sockets, servers, file requests.
  const handles = Object.entries(resources).filter(([type]) => type !== 'Timeout' && type !== 'Immediate').reduce((n, [, count]) => n + count, 0);
  const memory = process.memoryUsage();
  return { heapUsedMiB, heapAfterGcMiB, heapTotalMiB: memory.heapTotal / 2 ** 20, externalMiB: memory.external / 2 ** 20, rssMiB: memory.rss / 2 ** 20, handles, timers: resources.Timeout ?? 0, resources };
}

if (process.send) {
  process.on('message', (message: SampleRequest) => {
    if (message?.type !== 'hold-sample') return;
    process.send?.({ type: 'hold-sample', id: message.id, ...sample(message.gc) });
  });
  // The channel must not keep a process alive that would otherwise exit (its listener refs it on the next tick).
  setImmediate(() => process.channel?.unref());
}
