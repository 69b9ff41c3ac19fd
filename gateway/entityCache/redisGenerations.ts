import { randomInt } from 'node:crypto';
import Redis from 'ioredis';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import type { Logger } from '../../common/logger';

/**
 * The shared counters as one entity fetch read them (`read`): per cacheable type its sequence (`seq`, moved
 * by every change of an entity of the type) and the sequence value of its last change as a whole (`whole`,
 * a mutation whose owner did not say what it changed); per entity asked for, the sequence value of its last
 * change (`entities`, `Type:["key"]` as entityId names it; 0 when it never changed).
 */
export interface Generations {
  /** Which life of the counters these are: a Redis that lost its data starts a new one (see RedisGenerations). */
  incarnation: number;
  seq: Readonly<Record<string, number>>;
  whole: Readonly<Record<string, number>>;
  entities: Readonly<Record<string, number>>;
}

/**
 * What is kept with an answer: for each type inside it, that type's `seq` when its fetch began, and under
 * `INCARNATION` (no GraphQL type can be named so) the counters' incarnation then.
 */
export type KeptGenerations = Readonly<Record<string, number>>;
export const INCARNATION = '@incarnation';

/** The replicas' shared generations (REDIS_URL): read once per entity fetch, moved by mutations before their answers. */
export interface SharedGenerations {
  /** The types' counters and these entities'; undefined when they cannot be read (the caller must not use the cache). */
  read(entityIds: readonly string[]): Promise<Generations | undefined>;
  /** Moves the counters of these entities (`Type:*`: the type as a whole); false when the move was not taken. */
  bump(entityIds: readonly string[]): Promise<boolean>;
  close(): Promise<void>;
}

const TYPES = Object.keys(CACHEABLE_ENTITIES);
const typeOf = (id: string) => id.slice(0, id.indexOf(':'));
const isAnyOf = (id: string) => id.endsWith(':*');

/**
 * Each pair of keys: INCR the type's sequence, and SET the entity's (or the type's `whole`) counter to the
 * value it got. Atomic, one round trip: an entity's counter is then above the sequence any fetch read before
 * the change, and at most the sequence any fetch reads after it.
 */
const BUMP = `for i = 1, #KEYS, 2 do
  local s = redis.call('INCR', KEYS[i])
  redis.call('SET', KEYS[i + 1], s)
end
return #KEYS / 2`;

/**
 * Generation counters in Redis (REDIS_URL), for read-your-writes across replicas. A mutation through any
 * replica moves the counters of the entities its owner says it changed (or, when it did not say, of the types
 * it may change) before its client hears back; every replica reads, in one MGET per entity fetch, the types'
 * counters and those of the entities its held answers hold, and serves an answer only while none of them
 * moved past what they were when its fetch began. Counters only grow; they are never reset, so replicas and
 * restarts agree. An entity's counter is a key of its own, kept (without expiry) once it has changed: one
 * small key per changed entity. When Redis does not answer, the fetch goes to the owner.
 */
export class RedisGenerations implements SharedGenerations {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(url: string, prefix: string, private readonly log: Logger, commandTimeoutMs = 250) {
    this.prefix = prefix;
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: commandTimeoutMs, connectTimeout: 1000 });
    // Without a listener ioredis prints connection errors to stderr, outside the structured log.
    this.redis.on('error', (error: Error) => this.log.warn({ err: error }, 'entity cache generations: Redis unreachable, fetches go to the owners'));
  }

  private incarnationKey = () => `${this.prefix}:incarnation`;
  private seqKey = (type: string) => `${this.prefix}:seq:${type}`;
  private wholeKey = (type: string) => `${this.prefix}:whole:${type}`;
  private entityKey = (id: string) => `${this.prefix}:entity:${id}`;

  async read(entityIds: readonly string[]): Promise<Generations | undefined> {
    const ids = entityIds.filter((id) => !isAnyOf(id));
    try {
      const values = await this.redis.mget(this.incarnationKey(), ...TYPES.map(this.seqKey), ...TYPES.map(this.wholeKey), ...ids.map(this.entityKey));
      const incarnation = values[0] === null ? await this.beginIncarnation() : Number(values[0]);
      const at = (i: number) => Number(values[1 + i] ?? 0);
      return {
        incarnation,
        seq: Object.fromEntries(TYPES.map((type, i) => [type, at(i)])),
        whole: Object.fromEntries(TYPES.map((type, i) => [type, at(TYPES.length + i)])),
        entities: Object.fromEntries(ids.map((id, i) => [id, at(2 * TYPES.length + i)])),
      };
    } catch {
      return undefined;
    }
  }

  /**
   * No incarnation key: a new Redis, or one that restarted without its data (this project's Redis keeps
   * nothing on disk) and so forgot every counter, letting them count up again through values answers were
   * kept under. The first replica to notice names a new incarnation (SET NX; the others read the winner's);
   * every answer kept under another one is no longer current.
   */
  private async beginIncarnation(): Promise<number> {
    const mine = randomInt(1, 2 ** 47);
    const theirs = await this.redis.set(this.incarnationKey(), String(mine), 'NX', 'GET');
    return theirs === null ? mine : Number(theirs);
  }

  async bump(entityIds: readonly string[]): Promise<boolean> {
    if (entityIds.length === 0) return true;
    const keys = entityIds.flatMap((id) => [this.seqKey(typeOf(id)), isAnyOf(id) ? this.wholeKey(typeOf(id)) : this.entityKey(id)]);
    try {
      await this.redis.eval(BUMP, keys.length, ...keys);
      return true;
    } catch (error) {
      this.log.error({ err: error, entities: entityIds }, 'entity cache generations not bumped: other replicas may serve the changed entities until the event comes');
      return false;
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** What to keep with an answer holding these entities: each of their types' sequence as read when its fetch began. */
export function generationsOf(ids: Iterable<string>, now: Generations): KeptGenerations {
  const kept: Record<string, number> = { [INCARNATION]: now.incarnation };
  for (const id of ids) {
    const type = typeOf(id);
    kept[type] = now.seq[type] ?? 0;
  }
  return kept;
}

/**
 * Is an answer holding `ids`, kept under `kept`, still good under `now`: no type in it changed as a whole,
 * no entity in it changed, and no entity at all of a type it holds as `Type:*`, since its fetch began. An
 * entity whose counter was not read (the entry changed while Redis was asked) is not shown to be current.
 */
export function stillCurrent(ids: readonly string[], kept: KeptGenerations, now: Generations): boolean {
  if (kept[INCARNATION] !== now.incarnation) return false;
  for (const id of ids) {
    const type = typeOf(id);
    const since = kept[type];
    if (since === undefined) return false;
    if ((now.whole[type] ?? 0) > since) return false;
    if (isAnyOf(id) ? (now.seq[type] ?? 0) > since : !Object.hasOwn(now.entities, id) || now.entities[id] > since) return false;
  }
  return true;
}
