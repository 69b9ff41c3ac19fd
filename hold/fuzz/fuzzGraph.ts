import { loadApiSchema } from '../../mcp/apiSchema';
import { STORY } from '../../demo/stories';
import { SUBGRAPH_NAMES } from '../../common/subgraphs';
import { startTestGraph, type TestGraph } from '../../test/support/graph';
import type { Credentials, Target } from './requests';
import type { FuzzTarget } from './runFuzz';

export interface FuzzGraph extends FuzzTarget {
  graph: TestGraph;
  credentials: Credentials;
  schema: ReturnType<typeof loadApiSchema>;
}

/** The whole graph in this process (PGlite, or TEST_DATABASE_URL's server), ready to be fuzzed. */
export async function startFuzzGraph(): Promise<FuzzGraph> {
  // Caches smaller than their defaults: generated documents are nearly all distinct, and caches
  // filling up to their bounds would hide a leak under the heap bar (+32 MiB); eviction gets
  // exercised too. The gateway's plan cache and document store 4 MB each instead of 30, each
  // subgraph's document store 2 MB instead of 10 (four subgraphs in this process).
  const graph = await startTestGraph({
    customers: 20,
    env: { ...process.env, NATS_URL: '', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', SUBGRAPH_DOCUMENT_CACHE_BYTES: '2000000' },
    gateway: { planCacheBytes: 4_000_000, documentCacheBytes: 4_000_000 },
  });
  const origins = { gateway: new URL(graph.gatewayUrl).origin } as Record<Target, string>;
  for (const name of SUBGRAPH_NAMES) origins[name] = new URL(graph.subgraphs[name]!.url).origin;
  return {
    graph,
    origins,
    databases: SUBGRAPH_NAMES.map((name) => graph.subgraphs[name]!.db),
    settle: () => graph.settle(),
    credentials: { agent: await graph.token('agent'), customer: await graph.token('customer', STORY.bob.id) },
    schema: loadApiSchema(),
  };
}
