import { runHeapScript } from '../support/heapScript';

/**
 * Nothing but the byte-bounded caches grows with distinct operations (#15, #29), measured in child
 * processes with --expose-gc on the gateway's default request path (its own, gateway/http/). Before
 * #15 the gateway (then through Apollo Server, 2,500 operations) kept about 38 MB of plans and 33 MB
 * of documents at 8 MB bounds.
 */
describe('Gateway memory under distinct operations', () => {
  const bound = 8_000_000;

  test('When the gateway\'s document cache is filled past its bound with distinct documents, then the heap it retains after GC stays under twice the bound', async () => {
    const measured = await runHeapScript<{ kept: number; heapGrowthBytes: number }>('bench/documentStoreHeap.ts', [2500, bound, 'gateway']);
    expect(measured.kept).toBeLessThan(2500); // the bound was reached and documents evicted
    expect(measured.heapGrowthBytes).toBeLessThan(2 * bound);
  });

  // Each distinct operation is planned: about 15 s of CPU, several times that in wall time on a shared machine.
  test('When the gateway is sent 1,000 distinct operations over HTTP, then its heap after GC grows by less than twice its two caches\' bounds', async () => {
    const small = 4_000_000; // about 140 plans and 140 documents: unbounded, 1,000 of each would keep over 50 MB
    const measured = await runHeapScript<{ heapGrowthBytes: number; plansKept: number; documentsKept: number }>('bench/gatewayHeap.ts', [1000, small], 150_000);
    expect(measured.plansKept).toBeLessThan(1000); // the plan cache's bound was reached
    expect(measured.documentsKept).toBeLessThan(1000); // and the document cache's
    expect(measured.heapGrowthBytes).toBeLessThan(2 * (2 * small));
  }, 180_000);
});
