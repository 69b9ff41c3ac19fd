import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { Engine } from '../gateway/engine/engine';
import { distinctOperation, heapAfterGc } from './heapAfterGc';

/**
 * Real heap retained per engine plan-cache entry versus its estimated bytes (#15): plans `count`
 * distinct customer overviews into a cache large enough to keep them all, and compares the heap
 * after a full GC with the cache's own count. Run: node --expose-gc --import tsx bench/planCacheHeap.ts [count] [cacheBytes] [operation file]
 */

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const cacheBytes = Number(process.argv[3] ?? 1e12);
  const supergraphSdl = readFileSync('schema/supergraph.graphql', 'utf8');
  const file = process.argv[4] ?? 'agent-console/customerOverview';
  const text = readFileSync(`schema/operations/${file}.graphql`, 'utf8');
  const engine = new Engine({ supergraph: supergraphSdl, subgraph: () => ({ fetch: async () => ({ data: null }) }), planCacheBytes: cacheBytes });
  await engine.start();
  const variant = (i: number) => distinctOperation(text, i);
  // Warm-up: the planner's and shaper's lazily built structures are not per entry.
  for (let i = 0; i < 50; i += 1) engine.plan(parse(variant(count + i)), `Overview${count + i}`);
  const before = heapAfterGc();
  for (let i = 0; i < count; i += 1) {
    const query = variant(i);
    engine.plan(parse(query), `Overview${i}`, `hash${i}\0Overview${i}`, query);
  }
  const after = heapAfterGc();
  const stats = { ...engine.planCache!.stats };
  engine.planCache!.clear();
  const cleared = heapAfterGc();
  const perEntry = (after - before) / stats.entries;
  console.log(JSON.stringify({
    file,
    count,
    entries: stats.entries,
    estimatedBytesPerEntry: Math.round(stats.bytes / stats.entries),
    realBytesPerEntry: Math.round(perEntry),
    realOverEstimated: Math.round((perEntry / (stats.bytes / stats.entries)) * 100) / 100,
    cacheBytes,
    heapGrowthBytes: after - before,
    heapGrowthMb: Math.round((after - before) / 1e5) / 10,
    estimatedMb: Math.round(stats.bytes / 1e5) / 10,
    leftAfterClearMb: Math.round((cleared - before) / 1e5) / 10,
  }));
  await engine.stop();
}

void main();
