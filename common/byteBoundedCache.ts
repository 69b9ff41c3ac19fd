import { Counter, Gauge, type Registry } from 'prom-client';

/** What a byte-bounded cache counts: read by /metrics and by tests. */
export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
  bytes: number;
  entries: number;
}

/**
 * A cache bounded in estimated heap bytes, least recently used evicted first (the engine's plans,
 * Apollo Server's parsed documents in the gateway and in every subgraph). A Map keeps insertion
 * order, so a hit is moved to the end and eviction takes from the front.
 */
export class ByteBoundedCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  readonly stats: CacheStats = { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 };

  /** @param onEvict told of each key evicted to stay within the bound (not of deletes): an index kept beside the cache forgets it. */
  constructor(
    readonly maxBytes: number,
    private readonly onEvict?: (key: string, value: V) => void,
  ) {}

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

  /** The value without counting a lookup or making it the most recently used. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
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
      this.onEvict?.(oldest, entry.value);
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

/** How a byte-bounded cache is named on /metrics. */
export interface CacheMetricNames {
  /** e.g. gateway_plan_cache */
  prefix: string;
  /** what it holds, plural: "compiled plans" */
  items: string;
  /** the setting that bounds it */
  bound: string;
}

/** A counter whose value is read from its owner at scrape time (no work per request). */
export function collectedCounter(registry: Registry, name: string, help: string, read: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** Exposes a cache's counts on a registry (read at scrape time: no work per request). */
export function registerCacheMetrics(registry: Registry, stats: () => CacheStats, { prefix, items, bound }: CacheMetricNames): void {
  const counter = (name: string, help: string, read: (s: CacheStats) => number) => collectedCounter(registry, name, help, () => read(stats()));
  counter(`${prefix}_hits_total`, `Lookups that found their ${items} in the cache`, (s) => s.hits);
  counter(`${prefix}_misses_total`, `Lookups that did not find their ${items} in the cache`, (s) => s.misses);
  const Items = items[0].toUpperCase() + items.slice(1);
  counter(`${prefix}_evictions_total`, `${Items} evicted to keep the cache within ${bound}`, (s) => s.evictions);
  const gauge = (name: string, help: string, read: (s: CacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read(stats()));
      },
    });
  gauge(`${prefix}_bytes`, `Estimated heap bytes of the ${items} held by the cache`, (s) => s.bytes);
  gauge(`${prefix}_entries`, `${Items} held by the cache`, (s) => s.entries);
}
