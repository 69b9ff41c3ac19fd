import { runHeapScript } from '../support/heapScript';

/**
 * Nothing but the two byte-bounded caches grows with distinct operations (#15): Apollo Server with the
 * engine, measured in a child process with --expose-gc (bench/gatewayHeap.ts). Before #15 the same
 * run kept about 38 MB of plans and 33 MB of documents at these 8 MB bounds.
 */
describe('Gateway memory under distinct operations', () => {
  test('When Apollo Server with the engine is sent 2,500 distinct operations, then its heap after GC grows by less than twice its two caches\' bounds', async () => {
    const bound = 8_000_000;
    const measured = await runHeapScript<{ heapGrowthBytes: number; plansKept: number }>('bench/gatewayHeap.ts', [2500, bound]);
    expect(measured.plansKept).toBeLessThan(2500); // the plan cache's bound was reached
    expect(measured.heapGrowthBytes).toBeLessThan(2 * (2 * bound));
  });
});
