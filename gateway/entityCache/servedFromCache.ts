/** What one request's entity fetches got from the cache, by representation: reported in its `extensions` when asked. */
export interface ServedFromCache {
  hits: number;
  misses: number;
  /** Representations whose fetch could not be cached (never-cached fields, a logged read of a customer's record, a type switched off). */
  bypassed: number;
  /** Of the hits, those found in Redis (the replicas' shared level) after a miss in this gateway's memory; absent without the Redis level. */
  fromRedis?: number;
}

// Keyed by the request's context object, as gateway/operability/requestStats.ts keys its counts.
const served = new WeakMap<object, ServedFromCache>();

export function recordServed(context: object | undefined, counts: Partial<ServedFromCache>): void {
  if (!context) return;
  let total = served.get(context);
  if (!total) served.set(context, (total = { hits: 0, misses: 0, bypassed: 0 }));
  total.hits += counts.hits ?? 0;
  total.misses += counts.misses ?? 0;
  total.bypassed += counts.bypassed ?? 0;
  if (counts.fromRedis !== undefined) total.fromRedis = (total.fromRedis ?? 0) + counts.fromRedis;
}

/** The request's counts; undefined when none of its fetches met the cache. */
export function servedFromCache(context: object): ServedFromCache | undefined {
  return served.get(context);
}
