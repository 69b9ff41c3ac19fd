/** The gateway's entity cache counters (gateway_entity_cache_* on /metrics), summed over their labels. */
export type CacheCounters = Record<string, number>;

export async function readCacheCounters(gatewayUrl: string): Promise<CacheCounters> {
  const response = await fetch(new URL('/metrics', gatewayUrl));
  if (!response.ok) throw new Error(`${gatewayUrl} /metrics: HTTP ${response.status}`);
  return parseCacheCounters(await response.text());
}

/** `name{labels} value` lines of the entity cache, by name without the prefix (`hits_total`, `bytes`…). */
export function parseCacheCounters(text: string): CacheCounters {
  const counters: CacheCounters = {};
  for (const line of text.split('\n')) {
    const match = /^gateway_entity_cache_(\w+)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match) counters[match[1]] = (counters[match[1]] ?? 0) + Number(match[2]);
  }
  return counters;
}

export interface CacheFigures {
  hits: number;
  misses: number;
  /** hits ÷ (hits + misses), per representation; undefined when the cache answered nothing (off). */
  hitRatio?: number;
  invalidations: number;
  invalidationsPerSecond: number;
  bypassed: number;
  staleStoresRefused: number;
  evictions: number;
  /** At the end of the window. */
  bytes: number;
  entries: number;
}

/** What happened in the cache between two readings taken `seconds` apart. */
export function cacheFigures(before: CacheCounters, after: CacheCounters, seconds: number): CacheFigures {
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const hits = delta('hits_total');
  const misses = delta('misses_total');
  const invalidations = delta('invalidations_total');
  return {
    hits,
    misses,
    hitRatio: hits + misses > 0 ? Math.round((hits / (hits + misses)) * 1000) / 1000 : undefined,
    invalidations,
    invalidationsPerSecond: seconds > 0 ? Math.round((invalidations / seconds) * 10) / 10 : 0,
    bypassed: delta('bypassed_total'),
    staleStoresRefused: delta('stale_stores_refused_total'),
    evictions: delta('evictions_total'),
    bytes: after.bytes ?? 0,
    entries: after.entries ?? 0,
  };
}
