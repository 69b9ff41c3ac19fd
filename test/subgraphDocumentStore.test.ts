import { InProcessEventBus } from '../common/events';
import { launchSubgraph, type LaunchedSubgraph } from '../common/subgraph';
import { pricingService } from '../subgraphs/pricing/service';
import { testDatabase } from './support/database';

/** A metric's value in Prometheus text, or undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe("a subgraph's store of parsed documents", () => {
  const database = testDatabase('pricing');
  let pricing: LaunchedSubgraph;

  beforeAll(async () => {
    // Room for a few dozen small documents: anyone reaching the subgraph directly could otherwise
    // fill Apollo's default store, about 130 MB of heap.
    pricing = await launchSubgraph(pricingService, { port: 0, database, bus: new InProcessEventBus(), documentCacheBytes: 60_000 });
  });

  afterAll(async () => {
    await pricing.stop();
    await database.cleanup();
  });

  test('When many distinct documents reach a subgraph, then its document store stays within SUBGRAPH_DOCUMENT_CACHE_BYTES and /metrics shows hits, misses, evictions, bytes and entries', async () => {
    const ask = (query: string) =>
      fetch(pricing.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then((r) => r.json());
    for (let i = 0; i < 200; i++) {
      const answer = (await ask(`query Distinct${i} { __typename }`)) as { data?: unknown };
      expect(answer.data).toEqual({ __typename: 'Query' });
    }
    await ask('query Distinct199 { __typename }'); // the latest is still kept: a hit

    const response = await fetch(new URL('/metrics', pricing.url));
    const metrics = await response.text();
    expect(response.status).toBe(200);
    expect(sample(metrics, 'subgraph_document_cache_misses_total')).toBe(200);
    expect(sample(metrics, 'subgraph_document_cache_hits_total')).toBe(1);
    expect(sample(metrics, 'subgraph_document_cache_evictions_total')).toBeGreaterThan(100);
    expect(sample(metrics, 'subgraph_document_cache_bytes')).toBeLessThanOrEqual(60_000);
    expect(sample(metrics, 'subgraph_document_cache_entries')).toBeLessThan(100);
    // The plumbing's metrics are still on the same page.
    expect(metrics).toContain('# TYPE events_dead_lettered_total counter');
  });
});
