import Redis from 'ioredis';
import type { Logger } from '../../common/logger';
import { persistedQueryStoreErrors, persistedQueryStoreRejected } from '../../common/processMetrics';
import type { PersistedQueryCache } from './apqCache';
import { sha256 } from './documentHash';

export interface RedisApqOptions {
  log: Logger;
  /** Documents kept; past it the oldest registrations go first. */
  maxEntries: number;
  /** A longer document (UTF-8 bytes) is not shared: a registration cannot make Redis hold a huge body. */
  maxDocumentBytes: number;
  /** A document expires this long after its last registration. */
  ttlSeconds: number;
  /** Key prefix of the entries and of their index. */
  prefix?: string;
  /** At most one log line per this many milliseconds while Redis keeps failing (default 10 s). */
  logEveryMs?: number;
  /** How long one Redis command may take before it counts as a miss (default 250 ms). */
  commandTimeoutMs?: number;
}

/**
 * Stores a document and records it in the index, a sorted set by registration order (a counter:
 * registrations within one millisecond stay ordered); past the bound the oldest entries go, with
 * their documents. One atomic round trip, so concurrent replicas cannot overshoot the bound
 * together. An expired document's index entry stays until it is the oldest: the index may count a
 * few dead entries, so the live documents are at most the bound, never more.
 * (Keys are built inside the script: a single Redis, not Redis Cluster.)
 */
const STORE_BOUNDED = `
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[3]), KEYS[2])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
if excess > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[1], excess)
  for i = 1, #oldest, 2 do redis.call('DEL', oldest[i]) end
end
return math.max(excess, 0)
`;

type BoundedRedis = Redis & { storeBounded(index: string, key: string, counter: string, value: string, ttl: number, max: number): Promise<number> };

/**
 * The persisted-query store shared by every gateway replica: a query registered on one replica is
 * found by the others. Bounded in entries, in document size and in time. A document read back is
 * run only if it hashes to the key it was asked for: whoever can write to Redis cannot make the
 * gateway run another operation under a known hash. Redis failures never fail a request (the
 * client registers the query again) but are logged and counted
 * (`persisted_query_store_errors_total{operation}`).
 */
export class RedisPersistedQueryCache implements PersistedQueryCache {
  private readonly redis: BoundedRedis;
  private readonly prefix: string;
  private readonly index: string;
  private lastLoggedAt = 0;
  private unlogged = 0;

  constructor(url: string, private readonly options: RedisApqOptions) {
    this.prefix = options.prefix ?? 'apq:';
    this.index = `${this.prefix}index`;
    // A Redis that is down fails each command at once (no offline queue), one that hangs within
    // commandTimeoutMs: either way the request goes on as a miss, never waits on the store.
    this.redis = new Redis(url, {
      lazyConnect: false,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectTimeout: 1000,
    }) as BoundedRedis;
    this.redis.defineCommand('storeBounded', { numberOfKeys: 3, lua: STORE_BOUNDED });
    // Without a listener ioredis prints connection errors to stderr, outside the structured log.
    this.redis.on('error', (error: Error) => this.failed('connection', error));
  }

  /**
   * Resolves true once connected, false after `withinMs` without a connection: a starting gateway
   * waits this long so its first requests find the documents other replicas shared (commands sent
   * before the connection is up fail at once, as misses), and a Redis that is down holds no one up.
   */
  connected(withinMs = 1000): Promise<boolean> {
    if (this.redis.status === 'ready') return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), withinMs);
      this.redis.once('ready', onReady);
    });
  }

  async get(key: string): Promise<string | undefined> {
    let document: string | null;
    try {
      document = await this.redis.get(this.prefix + key);
    } catch (error) {
      this.failed('get', error);
      return undefined;
    }
    if (document === null) return undefined;
    // Apollo asks for `apq:<sha256 of the document>`; anything else stored there is not run.
    const hash = key.slice(key.lastIndexOf(':') + 1);
    if (sha256(document) !== hash) {
      persistedQueryStoreRejected.inc();
      this.options.log.warn({ key }, 'persisted-query store returned a document that does not match its hash; not run');
      return undefined;
    }
    return document;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    if (Buffer.byteLength(value) > this.options.maxDocumentBytes) return;
    const ttl = options?.ttl ?? this.options.ttlSeconds;
    try {
      await this.redis.storeBounded(this.index, this.prefix + key, `${this.index}:seq`, value, ttl, this.options.maxEntries);
    } catch (error) {
      this.failed('set', error); // not shared this time; the next registration tries again
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      const removed = await this.redis.del(this.prefix + key);
      await this.redis.zrem(this.index, this.prefix + key);
      return removed > 0;
    } catch (error) {
      this.failed('delete', error);
      return false;
    }
  }

  /**
   * A connected Redis is told QUIT; one that is down or silent is disconnected at once (and stops
   * reconnecting): a stopping gateway never waits on the store, nor is kept alive by its retries.
   */
  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      const quit = this.redis.quit().then(() => true, () => false);
      if (await Promise.race([quit, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 500).unref())])) return;
    }
    this.redis.disconnect();
  }

  /** Counted every time; logged at most once per `logEveryMs`, with how many failures went unlogged. */
  private failed(operation: 'get' | 'set' | 'delete' | 'connection', error: unknown): void {
    persistedQueryStoreErrors.inc({ operation });
    const now = Date.now();
    if (now - this.lastLoggedAt < (this.options.logEveryMs ?? 10_000)) {
      this.unlogged++;
      return;
    }
    this.options.log.warn({ err: error, operation, unloggedSince: this.unlogged }, 'persisted-query store (Redis) failed; requests go on without it');
    this.lastLoggedAt = now;
    this.unlogged = 0;
  }
}
