import { rssMb, processTree } from './procStats';
import type { BenchOperation } from './workload';

/** What our gateway holds after `operations` distinct operations: its plan cache (from /metrics) and its RSS. */
export interface PlanCacheProbe {
  operations: number;
  seconds: number;
  failed: number;
  planCacheBytes?: number;
  planCacheEntries?: number;
  planCacheEvictions?: number;
  rssMbBefore: number;
  rssMbAfter: number;
}

/**
 * Sends `count` distinct operations (the customer overview under `count` operation names, so each has
 * a plan of four fetches to compile and keep) for a customer that does not exist: each is parsed,
 * validated, planned and compiled, but answers after one cheap fetch, so the probe measures the plan
 * cache and not the subgraphs. Run after the timed runs: planning 10,000 operations is not the load
 * being timed.
 */
export async function probePlanCache(url: string, headers: Record<string, string>, overview: BenchOperation, pid: number, count = 10_000, concurrency = 8): Promise<PlanCacheProbe> {
  const rss = () => Math.round(processTree(pid).reduce((sum, p) => sum + rssMb(p), 0));
  const rssMbBefore = rss();
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const name = `${overview.operationName}Distinct${i}`;
      const query = overview.query.replace(new RegExp(`\\b${overview.operationName}\\b`), name);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, operationName: name, variables: { email: `nobody-${i}@example.invalid` } }),
        });
        // No such customer: `data` with a null customer (and perhaps its not-found error) is the answer expected.
        const answer = (await response.json()) as { data?: unknown };
        if (response.status !== 200 || !answer.data) failed += 1;
      } catch {
        failed += 1; // a reset or refused connection on a busy machine is counted, not fatal to the probe
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const metrics = await (await fetch(new URL('/metrics', url))).text();
  const read = (name: string) => {
    const match = new RegExp(`^${name} (\\d+(?:\\.\\d+)?(?:e\\+?\\d+)?)$`, 'm').exec(metrics);
    return match ? Number(match[1]) : undefined;
  };
  return {
    operations: count,
    seconds,
    failed,
    planCacheBytes: read('gateway_plan_cache_bytes'),
    planCacheEntries: read('gateway_plan_cache_entries'),
    planCacheEvictions: read('gateway_plan_cache_evictions_total'),
    rssMbBefore,
    rssMbAfter: rss(),
  };
}
