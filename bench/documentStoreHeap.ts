import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { createDocumentStore, documentBytes } from '../common/documentStore';
import { loadSupergraph } from '../gateway/engine/loadedSupergraph';
import { DocumentCache } from '../gateway/http/documentCache';
import { distinctOperation, heapAfterGc } from './heapAfterGc';

/**
 * Real heap retained by a store of parsed documents bounded at `bound` bytes (#15, #29): `count`
 * distinct customer overviews put in it, the heap after a full GC compared with the bound.
 * `gateway` (the default): the gateway's own document cache (gateway/http/documentCache.ts), each
 * text parsed and validated against the API schema as the default request path does it.
 * `subgraph`: Apollo Server's document store as the subgraphs build it (common/documentStore.ts).
 * Run: node --expose-gc --import tsx bench/documentStoreHeap.ts [count] [bound] [gateway|subgraph]
 */

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const bound = Number(process.argv[3] ?? 1e12);
  const store = process.argv[4] ?? 'gateway';
  if (store !== 'gateway' && store !== 'subgraph') throw new Error(`unknown store ${store}: gateway or subgraph`);
  const text = readFileSync('schema/operations/agent-console/customerOverview.graphql', 'utf8');
  const variant = (i: number) => distinctOperation(text, i);
  const put = store === 'gateway' ? gatewayCache(bound) : subgraphStore(bound);
  const before = heapAfterGc();
  let estimated = 0;
  let json = 0;
  for (let i = 0; i < count; i += 1) {
    const document = await put.set(variant(i));
    estimated += documentBytes(document);
    json += Buffer.byteLength(JSON.stringify(document));
  }
  const kept = await put.kept(count);
  const growth = heapAfterGc() - before;
  console.log(JSON.stringify({
    store,
    count,
    kept,
    bound,
    heapGrowthBytes: growth,
    realBytesPerDocument: Math.round(growth / kept),
    jsonBytesPerDocument: Math.round(json / count),
    estimatedBytesPerDocument: Math.round(estimated / count),
  }));
}

interface Filled {
  /** Puts one document text in, returns its parsed document. */
  set(text: string): Promise<DocumentNode>;
  /** How many of the `count` documents put in are still kept. */
  kept(count: number): Promise<number>;
}

/** The default request path's cache: parse and validate once per text, against the API schema (built before the heap is first read). */
function gatewayCache(bound: number): Filled {
  const schema = loadSupergraph(readFileSync('schema/supergraph.graphql', 'utf8')).schemas.apiGraphQLSchema;
  const cache = new DocumentCache({ maxBytes: bound, maxTokens: 15_000, introspection: false, hideSchemaDetails: false });
  return {
    async set(text) {
      const resolved = cache.resolve(schema, text);
      if (!resolved.ok) throw new Error(resolved.errors[0].message);
      return resolved.parsed.document;
    },
    async kept() {
      return cache.stats.entries;
    },
  };
}

function subgraphStore(bound: number): Filled {
  const store = createDocumentStore(bound);
  let i = 0;
  return {
    async set(text) {
      const document = parse(text);
      await store.set(`hash${i++}`, document);
      return document;
    },
    async kept(count) {
      return (await Promise.all(Array.from({ length: count }, (_, n) => store.get(`hash${n}`)))).filter(Boolean).length;
    },
  };
}

void main();
