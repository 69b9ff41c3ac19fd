import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createDocumentStore, documentBytes } from '../common/documentStore';
import { distinctOperation, heapAfterGc } from './heapAfterGc';

/**
 * Real heap retained by Apollo Server's document store as the gateway builds it (#15): stores `count`
 * distinct parsed customer overviews in a store bounded at `bound` bytes and compares the heap after
 * a full GC with the bound. Run: node --expose-gc --import tsx bench/documentStoreHeap.ts [count] [bound]
 */

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const bound = Number(process.argv[3] ?? 1e12);
  const text = readFileSync('schema/operations/agent-console/customerOverview.graphql', 'utf8');
  const variant = (i: number) => distinctOperation(text, i);
  const store = createDocumentStore(bound);
  const before = heapAfterGc();
  let estimated = 0;
  let json = 0;
  for (let i = 0; i < count; i += 1) {
    const document = parse(variant(i));
    estimated += documentBytes(document);
    json += Buffer.byteLength(JSON.stringify(document));
    await store.set(`hash${i}`, document);
  }
  const kept = (await Promise.all(Array.from({ length: count }, (_, i) => store.get(`hash${i}`)))).filter(Boolean).length;
  const growth = heapAfterGc() - before;
  console.log(JSON.stringify({
    count,
    kept,
    bound,
    heapGrowthBytes: growth,
    realBytesPerDocument: Math.round(growth / kept),
    jsonBytesPerDocument: Math.round(json / count),
    estimatedBytesPerDocument: Math.round(estimated / count),
  }));
}

void main();
