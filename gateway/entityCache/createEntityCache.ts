import type { Registry } from 'prom-client';
import { collectedCounter, registerCacheMetrics } from '../../common/byteBoundedCache';
import { readSubgraphSdls } from '../../common/composition';
import type { Logger } from '../../common/logger';
import { SUBGRAPH_NAMES } from '../../common/subgraphs';
import { customerDataRulesFrom } from '../auth/customerDataRules';
import type { GatewayConfig } from '../config';
import { HttpAccessRecorder } from './accessRecords';
import { EntityCache } from './entityCache';
import { REDIS_ENTRY_DEFAULTS, RedisEntryStore } from './redisEntryStore';
import { RedisGenerations } from './redisGenerations';
import { SharedLevel } from './sharedLevel';

/** The entity cache the configuration asks for (ENTITY_CACHE), its counts on /metrics; undefined when off. */
export function createEntityCache(config: GatewayConfig, log: Logger, registry?: Registry): EntityCache | undefined {
  const { mode, maxBytes, types } = config.entityCache;
  if (mode === 'off') return undefined;
  // Logged reads served from the cache are recorded at their owners, at the URL the subgraph clients use.
  const forwarded = new Map<string, ReturnType<GatewayConfig['subgraph']>['forwardHeaders']>();
  const accessRecords = new HttpAccessRecorder((name, url) => config.subgraph(name, url), log.child({ component: 'access-records' }));
  const prefix = config.entityCache.redisPrefix ?? 'entity-cache';
  const generations = config.redisUrl ? new RedisGenerations(config.redisUrl, prefix, log) : undefined;
  const cache = new EntityCache({
    maxBytes,
    reportAlways: process.env.NODE_ENV === 'development',
    types: new Set(types),
    // `auto`: the project's own subgraphs only, whose events the contract describes; a foreign one's only when asked (`on`).
    subgraphs: mode === 'auto' ? new Set<string>(SUBGRAPH_NAMES) : undefined,
    ownedTypes: ownedTypes(log),
    accessRecords,
    // Asked on every entity fetch: read once per subgraph (the config is fixed for the process). The URL does
    // not matter here: only which caller headers the subgraph is sent.
    forwardedHeaders: (subgraph) => {
      let headers = forwarded.get(subgraph);
      if (!headers) forwarded.set(subgraph, (headers = config.subgraph(subgraph, 'http://forwarded-headers.invalid').forwardHeaders));
      return headers;
    },
    generations,
    shared: generations && config.entityCache.redisEntries !== false ? sharedLevel(config, prefix, generations, log) : undefined,
  });
  if (registry) {
    registerEntityCacheMetrics(registry, cache);
    collectedCounter(registry, 'gateway_entity_cache_access_records_total', "Access-log entries of logged reads served from the cache, taken by their owners", () => accessRecords.stats.recorded);
    collectedCounter(registry, 'gateway_entity_cache_access_records_failed_total', 'Requests recording such entries that failed (those reads went to the owners)', () => accessRecords.stats.failed);
  }
  return cache;
}

/** The level the replicas share in Redis (ENTITY_CACHE_REDIS_ENTRIES), on the generations' Redis. */
function sharedLevel(config: GatewayConfig, prefix: string, generations: RedisGenerations, log: Logger): SharedLevel {
  const { redisEntryBytes, redisTtlSeconds, redisTimeoutMs } = config.entityCache;
  const entries = new RedisEntryStore(config.redisUrl!, {
    prefix,
    maxEntryBytes: redisEntryBytes ?? REDIS_ENTRY_DEFAULTS.maxEntryBytes,
    ttlSeconds: redisTtlSeconds ?? REDIS_ENTRY_DEFAULTS.ttlSeconds,
    timeoutMs: redisTimeoutMs ?? REDIS_ENTRY_DEFAULTS.timeoutMs,
    log,
  });
  return new SharedLevel(entries, generations);
}

/** The @customerOwned types of the project's subgraphs; undefined when their SDLs are not there (every fetch of a logged caller then counts as logged). */
function ownedTypes(log: Logger): ReadonlySet<string> | undefined {
  try {
    return customerDataRulesFrom(readSubgraphSdls().map((subgraph) => subgraph.sdl)).ownedTypes;
  } catch (error) {
    log.warn({ err: error }, "the subgraphs' SDLs could not be read: the entity cache serves no staff read");
    return undefined;
  }
}

function registerEntityCacheMetrics(registry: Registry, cache: EntityCache): void {
  const { store } = cache;
  registerCacheMetrics(registry, () => ({ ...store.byteStats, hits: store.stats.hits, misses: store.stats.misses }), {
    prefix: 'gateway_entity_cache',
    items: 'entity answers',
    bound: 'ENTITY_CACHE_BYTES',
  });
  const counter = (name: string, help: string, read: () => number) => collectedCounter(registry, name, help, read);
  counter('gateway_entity_cache_invalidations_total', "Entity answers dropped because an owner's event or a mutation through this gateway changed an entity in them", () => store.stats.invalidations);
  counter('gateway_entity_cache_stale_stores_refused_total', 'Entity answers not kept because an entity in them changed while they were fetched', () => store.stats.staleStoresRefused);
  const shared = () => cache.shared?.stats;
  counter('gateway_entity_cache_redis_hits_total', "Representations found current in Redis (the replicas' shared level) after a miss in this gateway's memory; also counted in gateway_entity_cache_hits_total", () => shared()?.hits ?? 0);
  counter('gateway_entity_cache_redis_misses_total', 'Representations looked up in Redis after a miss in memory and not found there current (then fetched from the owner)', () => shared()?.misses ?? 0);
  counter('gateway_entity_cache_redis_stores_total', 'Answers written to Redis for the other replicas', () => shared()?.stores ?? 0);
  counter('gateway_entity_cache_redis_oversized_total', 'Answers longer than ENTITY_CACHE_REDIS_ENTRY_BYTES, kept in memory only', () => shared()?.oversized ?? 0);
  counter('gateway_entity_cache_redis_failures_total', 'Lookups and writes of entries that Redis did not answer within ENTITY_CACHE_REDIS_TIMEOUT_MS (the representations went to the owner)', () => shared()?.failures ?? 0);
  counter('gateway_entity_cache_bypassed_total', 'Representations fetched without the cache (never-cached fields, logged reads, types switched off)', () => cache.bypassed);
}
