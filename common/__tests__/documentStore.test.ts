import { parse } from 'graphql';
import { Registry } from 'prom-client';
import { createDocumentStore } from '../documentStore';
import { runHeapScript } from '../../test/support/heapScript';

describe("Apollo Server's document store (the subgraphs', and the gateway's with GATEWAY_HTTP=apollo)", () => {
  /**
   * Measured in a child process with --expose-gc (bench/documentStoreHeap.ts, `subgraph`), heap after
   * a full GC. Apollo's default, the documents' JSON bounded, let the same store retain 4.2 times its
   * bound. The gateway's own document cache: test/engine/gatewayHeap.test.ts.
   */
  test('When the store is filled past its bound with distinct documents, then the heap it retains after GC stays under twice the bound', async () => {
    const bound = 8_000_000;
    const measured = await runHeapScript<{ kept: number; heapGrowthBytes: number }>('bench/documentStoreHeap.ts', [2500, bound, 'subgraph']);
    expect(measured.kept).toBeLessThan(2500); // the bound was reached and documents evicted
    expect(measured.heapGrowthBytes).toBeLessThan(2 * bound);
  });

  test('When a document is stored, read and deleted, then it is found until deleted and the least recently used goes first', async () => {
    const document = parse('{ __typename }');
    const store = createDocumentStore(1_000_000);
    await store.set('a', document);
    expect(await store.get('a')).toBe(document);
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeUndefined();

    const small = createDocumentStore(4_000); // room for two such documents (1,836 estimated bytes each)
    for (const key of ['x', 'y']) await small.set(key, document);
    await small.get('x');
    await small.set('z', document);
    expect(await small.get('y')).toBeUndefined();
    expect(await small.get('x')).toBe(document);
    expect(await small.get('z')).toBe(document);
  });

  test('When /metrics is scraped, then it shows the document store as it is then: hits, misses, evictions, bytes and entries', async () => {
    const registry = new Registry();
    const store = createDocumentStore(1_000_000, registry);
    await store.get('a');
    await store.set('a', parse('{ __typename }'));
    await store.get('a');
    const text = await registry.metrics();
    for (const line of ['gateway_document_cache_hits_total 1', 'gateway_document_cache_misses_total 1', 'gateway_document_cache_evictions_total 0', 'gateway_document_cache_bytes 1836', 'gateway_document_cache_entries 1']) {
      expect(text).toContain(`\n${line}\n`);
    }
  });
});
