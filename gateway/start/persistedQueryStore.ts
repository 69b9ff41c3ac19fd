import type { Logger } from '../../common/logger';
import type { GatewayConfig } from '../config';
import { createPersistedQueryCache, type PersistedQueryCache } from '../persisted/apqCache';

export interface PersistedQueryStore {
  cache: PersistedQueryCache;
  close(): Promise<void>;
}

/**
 * Where automatic persisted queries are kept (APQ on): Redis when configured, shared by the
 * replicas, else in memory. ioredis is loaded only when a Redis is configured: most gateways never
 * need it at start-up.
 */
export async function persistedQueryStore(config: GatewayConfig, log: Logger): Promise<PersistedQueryStore | undefined> {
  if (!config.apq) return undefined;
  if (!config.redisUrl) return { cache: createPersistedQueryCache(config.apqCacheBytes), close: async () => {} };
  const redis = new (await import('../persisted/redisApqCache')).RedisPersistedQueryCache(config.redisUrl, {
    log: log.child({ component: 'apq-store' }),
    maxEntries: config.apqRedisMaxEntries,
    maxDocumentBytes: config.apqRedisMaxDocumentBytes,
    ttlSeconds: config.apqRedisTtlSeconds,
  });
  await redis.connected();
  return { cache: redis, close: () => redis.close() };
}
