import Redis from 'ioredis';
import type { PersistedQueryCache } from './apqCache';

/**
 * The persisted-query store shared by every gateway replica: a query registered on one replica is
 * found by the others. Entries expire after `ttlSeconds` of the last registration, so Redis memory
 * stays bounded without eviction policies of its own.
 */
export class RedisPersistedQueryCache implements PersistedQueryCache {
  private readonly redis: Redis;

  constructor(url: string, private readonly ttlSeconds = 24 * 60 * 60, private readonly prefix = 'apq:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined; // Redis down: the client registers the query again; nothing breaks
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl ?? this.ttlSeconds;
    try {
      await this.redis.set(this.prefix + key, value, 'EX', ttl);
    } catch {
      // Not shared this time; the next registration retries.
    }
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }

  close(): Promise<void> {
    return this.redis.quit().then(() => undefined);
  }
}
