import type { ChildProcess } from 'node:child_process';

/** What hold/soak/probe.ts reports from inside a process. */
export interface RuntimeSample {
  id: number;
  heapUsedMiB: number;
  /** After a full collection: only when asked for, and only in a process started with --expose-gc. */
  heapAfterGcMiB?: number;
  /** What V8 has reserved for the heap (after the collection, when there was one): RSS follows it, not heap used. */
  heapTotalMiB: number;
  /** Buffers and other memory held outside the V8 heap by JS objects. */
  externalMiB: number;
  rssMiB: number;
  /** Active handles other than timers (sockets, servers, pipes, file requests). */
  handles: number;
  timers: number;
  resources: Record<string, number>;
}

export interface SampleRequest {
  type: 'hold-sample';
  id: number;
  gc: boolean;
}

let nextId = 1;

/** Asks a probed child for a sample; undefined when it does not answer in time (frozen, gone, no probe). */
export function requestRuntimeSample(child: ChildProcess | undefined, options: { gc: boolean; timeoutMs?: number }): Promise<RuntimeSample | undefined> {
  if (!child?.connected) return Promise.resolve(undefined);
  const id = nextId++;
  return new Promise((resolve) => {
    const done = (value: RuntimeSample | undefined) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(value);
    };
    const onMessage = (message: RuntimeSample & { type?: string }) => {
      if (message?.type === 'hold-sample' && message.id === id) done(message);
    };
    const timer = setTimeout(() => done(undefined), options.timeoutMs ?? 5000);
    child.on('message', onMessage);
    child.send({ type: 'hold-sample', id, gc: options.gc } satisfies SampleRequest, (error) => error && done(undefined));
  });
}
