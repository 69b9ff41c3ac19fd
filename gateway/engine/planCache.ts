import { Counter, Gauge, type Registry } from 'prom-client';

/** What the plan cache counts: read by /metrics and by tests. */
export interface PlanCacheStats {
  hits: number;
  misses: number;
  evictions: number;
  bytes: number;
  entries: number;
}

/**
 * The engine's plan cache: compiled plans (query plan, operation, shaper) by query hash and
 * operation name, bounded in bytes, least recently used evicted first. A Map keeps insertion order,
 * so a hit is moved to the end and eviction takes from the front.
 */
export class PlanCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  readonly stats: PlanCacheStats = { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 };

  constructor(readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.stats.misses += 1;
      return undefined;
    }
    this.stats.hits += 1;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** A value larger than the whole bound is not kept (it is still used for its request). */
  set(key: string, value: V, bytes: number): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.stats.bytes -= previous.bytes;
    }
    if (bytes > this.maxBytes) return this.count();
    this.entries.set(key, { value, bytes });
    this.stats.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.stats.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.stats.bytes -= entry.bytes;
      this.stats.evictions += 1;
    }
    this.count();
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.stats.bytes -= entry.bytes;
    this.count();
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.stats.bytes = 0;
    this.count();
  }

  private count(): void {
    this.stats.entries = this.entries.size;
  }
}

/** Exposes a cache's counts on the gateway's registry (read at scrape time: no work per request). */
export function registerPlanCacheMetrics(registry: Registry, stats: () => PlanCacheStats): void {
  const counter = (name: string, help: string, read: (s: PlanCacheStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read(stats()));
      },
    });
  counter('gateway_plan_cache_hits_total', 'Operations whose compiled plan was found in the plan cache', (s) => s.hits);
  counter('gateway_plan_cache_misses_total', 'Operations planned and compiled because their plan was not cached', (s) => s.misses);
  counter('gateway_plan_cache_evictions_total', 'Compiled plans evicted to keep the plan cache within PLAN_CACHE_BYTES', (s) => s.evictions);
  const gauge = (name: string, help: string, read: (s: PlanCacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(stats()));
      },
    });
  gauge('gateway_plan_cache_bytes', 'Estimated bytes of the compiled plans held by the plan cache', (s) => s.bytes);
  gauge('gateway_plan_cache_entries', 'Compiled plans held by the plan cache', (s) => s.entries);
}
