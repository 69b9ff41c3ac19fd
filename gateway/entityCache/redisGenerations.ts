import Redis from 'ioredis';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import type { Logger } from '../../common/logger';

/** A generation per cacheable type, shared by every replica: what a cached answer is checked against. */
export type Generations = Readonly<Record<string, number>>;

const TYPES = Object.keys(CACHEABLE_ENTITIES);

/**
 * Per-type generation counters in Redis (REDIS_URL), for read-your-writes across replicas: a mutation through
 * any replica bumps the counters of the types it may change before its client hears back, and every replica
 * reads them when an entity fetch starts: an answer kept under older counters of one of its types is not
 * served. Counters only grow (INCR); they are never reset, so replicas and restarts agree. Reading is one
 * MGET of five keys per entity fetch; when Redis does not answer, the fetch goes to the owner.
 */
export class RedisGenerations {
  private readonly redis: Redis;
  private readonly key: (type: string) => string;

  constructor(url: string, prefix: string, private readonly log: Logger, commandTimeoutMs = 250) {
    this.key = (type) => `${prefix}:generation:${type}`;
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: commandTimeoutMs, connectTimeout: 1000 });
    // Without a listener ioredis prints connection errors to stderr, outside the structured log.
    this.redis.on('error', (error: Error) => this.log.warn({ err: error }, 'entity cache generations: Redis unreachable, fetches go to the owners'));
  }

  /** Every type's current generation; undefined when Redis did not answer (the caller must not use the cache). */
  async read(): Promise<Generations | undefined> {
    try {
      const values = await this.redis.mget(...TYPES.map(this.key));
      return Object.fromEntries(TYPES.map((type, i) => [type, Number(values[i] ?? 0)]));
    } catch {
      return undefined;
    }
  }

  /** Bumps the generations of these types; false when Redis did not take it (logged: other replicas may serve the old answer until the event). */
  async bump(types: readonly string[]): Promise<boolean> {
    if (types.length === 0) return true;
    try {
      const pipeline = this.redis.multi();
      for (const type of types) pipeline.incr(this.key(type));
      const results = await pipeline.exec();
      if (!results || results.some(([error]) => error)) throw new Error('INCR refused');
      return true;
    } catch (error) {
      this.log.error({ err: error, types }, 'entity cache generations not bumped: other replicas may serve the changed entities until the event comes');
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Is an answer kept under `kept` still good under `now`: none of its types' generations moved. */
export function stillCurrent(kept: Generations, now: Generations): boolean {
  for (const [type, generation] of Object.entries(kept)) if ((now[type] ?? 0) > generation) return false;
  return true;
}

/** The generations of the types of these entity ids (`Type:…`), to keep with an answer. */
export function generationsOf(ids: Iterable<string>, now: Generations): Generations {
  const kept: Record<string, number> = {};
  for (const id of ids) {
    const type = id.slice(0, id.indexOf(':'));
    kept[type] = now[type] ?? 0;
  }
  return kept;
}
