import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { createDocumentStore, documentBytes } from '../gateway/limits/documentStore';

/**
 * Real heap retained by Apollo Server's document store as the gateway builds it (#15): stores `count`
 * distinct parsed customer overviews in a store bounded at `bound` bytes and compares the heap after
 * a full GC with the bound. Run: node --expose-gc --import tsx bench/documentStoreHeap.ts [count] [bound]
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const bound = Number(process.argv[3] ?? 1e12);
  const text = readFileSync('schema/operations/agent-console/customerOverview.graphql', 'utf8');
  // Distinct as the bench's probe makes them: another operation name, and an alias in the root field.
  const variant = (i: number) => text.replace(/query \w+/, `query Overview${i}`).replace('\n    ', `\n    alias${i}: __typename\n    `);
  const store = createDocumentStore(bound);
  const before = heap();
  let estimated = 0;
  let json = 0;
  for (let i = 0; i < count; i += 1) {
    const document = parse(variant(i));
    estimated += documentBytes(document);
    json += Buffer.byteLength(JSON.stringify(document));
    await store.set(`hash${i}`, document);
  }
  const kept = (await Promise.all(Array.from({ length: count }, (_, i) => store.get(`hash${i}`)))).filter(Boolean).length;
  const growth = heap() - before;
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
