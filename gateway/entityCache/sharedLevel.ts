import type { RedisEntryStats, SharedEntry } from './redisEntryStore';
import type { Held } from './entityCache';
import { stillCurrent, type Generations, type SharedGenerations } from './redisGenerations';

/** Where the shared entries live (RedisEntryStore; a fake in unit tests). */
export interface SharedEntries {
  readonly stats: RedisEntryStats;
  get(keys: readonly string[]): Promise<Array<SharedEntry | undefined>>;
  set(key: string, entry: SharedEntry): void;
  close(): Promise<void>;
}

/** What the shared level needs of the replicas' generations (redisGenerations.ts). */
export type GenerationBumps = Pick<SharedGenerations, 'read' | 'bump'>;

/** How long `abandon` waits for Redis to answer before it counts its bump as failed (tried again by `ready`). */
const ABANDON_WAIT_MS = 2_000;

/**
 * The Redis level as the entity cache uses it. An entry there is served only while no entity inside it (and no
 * type of them as a whole) has changed since its fetch began, by the replicas' generations (redisGenerations.ts
 * `stillCurrent`), so anything that changes an entity must move its generation for the shared entries to stop
 * being served: a mutation through any replica does (before its client hears back), and so does every replica
 * that hears an owner's event (changes made without a mutation through a gateway reach Redis this way; each
 * replica bumps, so one that is down does not matter). A fetch on
 * this replica waits for the bumps of the events it has heard before it reads the generations (`ready`), so it
 * never takes from Redis what this replica already knows is stale; a bump Redis refused is tried again before
 * Redis entries are served, and until it goes through they are not.
 */
export class SharedLevel {
  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly unbumped = new Set<string>();
  private abandoning?: Promise<void>;

  constructor(private readonly entries: SharedEntries, private readonly generations: GenerationBumps) {}

  get stats(): RedisEntryStats {
    return this.entries.stats;
  }

  /** These entities changed (`Type:*`: any of the type): their generations move in Redis (tracked, so that reads can wait for it). */
  changed(ids: readonly string[]): Promise<boolean> {
    const bump = this.generations.bump(ids).then((ok) => {
      if (!ok) for (const id of ids) this.unbumped.add(id);
      return ok;
    });
    this.inFlight.add(bump);
    void bump.finally(() => this.inFlight.delete(bump));
    return bump;
  }

  /**
   * Everything Redis holds is outdated (a gateway starting to hear the events: they may have been missed while
   * no replica listened). Its connection may not be up yet: the bump waits (bounded) until Redis answers,
   * and until it is done no Redis entry is served here (memory is: it starts empty).
   */
  abandon(ids: readonly string[]): void {
    const abandoning = (async () => {
      for (let waited = 0; waited < ABANDON_WAIT_MS && !(await this.generations.read([])); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      if (!(await this.generations.bump(ids))) for (const id of ids) this.unbumped.add(id);
    })().finally(() => {
      if (this.abandoning === abandoning) this.abandoning = undefined;
    });
    this.abandoning = abandoning;
  }

  /** Every bump for a change this replica has heard of is in Redis, or has failed. */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  /**
   * Awaited before a fetch reads the generations, so that they include every change this replica has heard of:
   * true when Redis entries may be served under them; false while a bump this replica owes (tried again here)
   * is not in Redis.
   */
  async ready(): Promise<boolean> {
    await this.settled();
    if (this.abandoning) return false;
    if (this.unbumped.size === 0) return true;
    const ids = [...this.unbumped];
    this.unbumped.clear();
    await this.changed(ids);
    await this.settled();
    return this.unbumped.size === 0;
  }

  /**
   * The shared entries under these keys still current: undefined for each absent or outdated one. Which
   * entities an entry holds is known only once it is read, so their generations are read then: a second round
   * trip, only when Redis held something. Read after the fetch's start, they are at least as new as those it
   * read then: an entry they show current was current when the fetch began.
   */
  async find(keys: readonly string[]): Promise<Array<SharedEntry | undefined>> {
    const held = await this.entries.get(keys);
    const ids = [...new Set(held.flatMap((entry) => entry?.e ?? []))];
    const now: Generations | undefined = ids.length ? await this.generations.read(ids) : undefined;
    const found = held.map((entry) => (entry?.g && now && stillCurrent(entry.e, entry.g, now) ? entry : undefined));
    const hits = found.filter(Boolean).length;
    this.entries.stats.hits += hits;
    this.entries.stats.misses += keys.length - hits;
    return found;
  }

  /** Shares what memory keeps of an answer, with the entities inside it. */
  keep(key: string, held: Held, inside: readonly string[]): void {
    this.entries.set(key, { ...held, e: inside });
  }

  close(): Promise<void> {
    return this.entries.close();
  }
}
