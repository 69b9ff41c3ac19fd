import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Node's collector, exposed at run time: a heap figure after collection is what was kept, not garbage. */
let gc: (() => void) | undefined;
function collector(): () => void {
  if (!gc) {
    setFlagsFromString('--expose_gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

/** Heap in use after a full collection, in MiB. */
export async function heapAfterGc(): Promise<number> {
  const collect = collector();
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}
