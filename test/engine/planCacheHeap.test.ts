import { runHeapScript } from '../support/heapScript';

/**
 * PLAN_CACHE_BYTES bounds the heap the engine's plan cache really retains (#15): measured in a child
 * process with --expose-gc (bench/planCacheHeap.ts), heap after a full GC, the supergraph loaded into
 * the engine alone. The former estimate (twice the plan's JSON and query text) let a cache at its
 * bound retain 4.8 times it.
 */
describe('Plan cache memory', () => {
  test('When a byte-bounded plan cache is filled past its bound with distinct operations, then the heap it retains after GC stays under twice the bound', async () => {
    const bound = 8_000_000;
    const measured = await runHeapScript<{ entries: number; heapGrowthBytes: number }>('bench/planCacheHeap.ts', [2500, bound]);
    expect(measured.entries).toBeLessThan(2500); // the bound was reached and plans evicted
    expect(measured.heapGrowthBytes).toBeLessThan(2 * bound);
  });
});
