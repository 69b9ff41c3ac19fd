/**
 * What the heap scripts (planCacheHeap, documentStoreHeap, gatewayHeap) share: the heap after a full
 * GC, and distinct operations made from one catalogue document.
 */
const gc = (globalThis as { gc?: () => void }).gc;

/** Heap used after two full collections (the second picks up what the first's finalisers freed). */
export function heapAfterGc(): number {
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Distinct as the bench's probe makes them: another operation name, and an alias in the root field. */
export function distinctOperation(text: string, i: number): string {
  return text.replace(/query \w+/, `query Overview${i}`).replace('\n    ', `\n    alias${i}: __typename\n    `);
}

