import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../../common/logger';
import type { Held } from './entityCache';

/** One answer as the replicas share it: what memory keeps of it (answer, generations, logged reads) and the entities inside it. */
export interface SharedEntry extends Held {
  e: readonly string[];
}

export interface RedisEntryOptions {
  /** ENTITY_CACHE_REDIS_PREFIX: entries live under `<prefix>:entry:`. */
  prefix: string;
  /** ENTITY_CACHE_REDIS_ENTRY_BYTES: a longer answer (UTF-8 JSON) stays in memory only. */
  maxEntryBytes: number;
  /** ENTITY_CACHE_REDIS_TTL_S: a bound on what Redis holds, never what keeps an answer fresh (the generations do). */
  ttlSeconds: number;
  /** ENTITY_CACHE_REDIS_TIMEOUT_MS: how long a lookup may wait before its representations go to the owner. */
  timeoutMs: number;
  log: Logger;
  /** At most one log line per this many milliseconds while Redis keeps failing (default 10 s). */
  logEveryMs?: number;
}

/** Defaults of the ENTITY_CACHE_REDIS_* settings (gateway/config/keys.ts shows the same). */
export const REDIS_ENTRY_DEFAULTS = { maxEntryBytes: 65_536, ttlSeconds: 3_600, timeoutMs: 100 } as const;

export interface RedisEntryStats {
  /** Representations a lookup in Redis answered (after a miss in memory). */
  hits: number;
  /** Representations Redis held nothing usable for: absent, unreadable, or kept under generations that moved since. */
  misses: number;
  /** Answers written to Redis. */
  stores: number;
  /** Answers longer than ENTITY_CACHE_REDIS_ENTRY_BYTES, kept in memory only. */
  oversized: number;
  /** Lookups and writes Redis did not answer in time (the representations went to the owner). */
  failures: number;
}

/**
 * The level of the entity cache shared by every replica (REDIS_URL): answers stored by one gateway are found by
 * the others after a miss in their own memory. Each entry carries the generations it was fetched under, and is
 * only served while they are still those the fetch read when it started (entityCache.ts): Redis holds no
 * freshness of its own, its TTL only bounds what it keeps. A Redis that is down or slow costs a trip to the
 * owner, never an error: lookups give up after `timeoutMs`, writes are not waited for.
 */
export class RedisEntryStore {
  private readonly redis: Redis;
  readonly stats: RedisEntryStats = { hits: 0, misses: 0, stores: 0, oversized: 0, failures: 0 };
  private lastLoggedAt = 0;
  private unlogged = 0;

  constructor(url: string, private readonly options: RedisEntryOptions) {
    // No offline queue: a Redis that is down fails each command at once; one that hangs, after timeoutMs.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: options.timeoutMs, connectTimeout: 1000 });
    // Without a listener ioredis prints connection errors to stderr, outside the structured log.
    this.redis.on('error', (error: Error) => this.failed('connection', error));
  }

  /** Connected: lookups are sent (before, each fails at once, as a miss). */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** The entries of these cache keys, in order, in one round trip; undefined for each when Redis did not answer. */
  async get(keys: readonly string[]): Promise<Array<SharedEntry | undefined>> {
    if (keys.length === 0) return [];
    let values: Array<string | null>;
    try {
      values = await this.redis.mget(...keys.map((key) => this.redisKey(key)));
    } catch (error) {
      this.stats.failures += 1;
      this.failed('get', error);
      return keys.map(() => undefined);
    }
    return values.map((value) => (value === null ? undefined : parseEntry(value)));
  }

  /** Shares an answer; not waited for (a write Redis refuses only costs the other replicas a miss). */
  set(key: string, entry: SharedEntry): void {
    const json = JSON.stringify(entry);
    if (Buffer.byteLength(json) > this.options.maxEntryBytes) {
      this.stats.oversized += 1;
      return;
    }
    this.redis.set(this.redisKey(key), json, 'EX', this.options.ttlSeconds).then(
      () => void (this.stats.stores += 1),
      (error: unknown) => {
        this.stats.failures += 1;
        this.failed('set', error);
      },
    );
  }

  /** A connected Redis is told QUIT; one that is down or silent is disconnected at once. */
  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      const quit = this.redis.quit().then(() => true, () => false);
      if (await Promise.race([quit, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500).unref())])) return;
    }
    this.redis.disconnect();
  }

  /**
   * The cache key holds the caller's scope, the subgraph, its operation and the representation: hashed, so a
   * Redis key stays short whatever the operation, and scopes stay apart exactly as in memory.
   */
  private redisKey(key: string): string {
    return `${this.options.prefix}:entry:${createHash('sha256').update(key).digest('base64url')}`;
  }

  /** Logged at most once per `logEveryMs`, with how many failures went unlogged. */
  private failed(operation: 'get' | 'set' | 'connection', error: unknown): void {
    const now = Date.now();
    if (now - this.lastLoggedAt < (this.options.logEveryMs ?? 10_000)) {
      this.unlogged++;
      return;
    }
    this.options.log.warn({ err: error, operation, unloggedSince: this.unlogged }, 'entity cache entries in Redis unavailable; fetches go to the owners');
    this.lastLoggedAt = now;
    this.unlogged = 0;
  }
}

/** An entry as stored; anything else (another version's format, a hand-written key) is a miss. */
function parseEntry(json: string): SharedEntry | undefined {
  try {
    const entry = JSON.parse(json) as Partial<SharedEntry>;
    const { v, g, a, u, e } = entry;
    if (!v || typeof v !== 'object' || !g || typeof g !== 'object' || !Array.isArray(e) || !e.every((id) => typeof id === 'string')) return undefined;
    if (a !== undefined && !(Array.isArray(a) && a.every((read) => Array.isArray(read) && read.length === 2 && read.every((part) => typeof part === 'string')))) return undefined;
    if (u !== undefined && typeof u !== 'number') return undefined;
    return { v, g, e, ...(a ? { a } : {}), ...(u !== undefined ? { u } : {}) };
  } catch {
    return undefined;
  }
}
