import { ByteBoundedCache } from '../../common/byteBoundedCache';

interface Entry {
  /** The subgraph's answer for one representation, as JSON: each hit parses its own copy (the engine merges into it). */
  json: string;
  /** Every entity the answer holds (entitiesInside.ts): the entry is dropped when any of them changes. */
  entities: readonly string[];
}

/** What the store counts; hits and misses are counted per representation by the cache that uses it. */
export interface EntityStoreStats {
  hits: number;
  misses: number;
  /** Entries dropped because an entity in them changed. */
  invalidations: number;
  /** Answers not kept because an entity in them changed while they were being fetched. */
  staleStoresRefused: number;
}

/** Entity ids remembered with the invalidation that last touched them, before the memory is reset. */
const MAX_REMEMBERED = 100_000;

const typeOf = (id: string) => id.slice(0, id.indexOf(':'));
const isAnyOf = (id: string) => id.endsWith(':*');

/**
 * The in-memory level: entries bounded in bytes, least recently used evicted first, each indexed by every
 * entity inside it. Invalidations are numbered: a fetch notes the number when it starts (`begin`), and its
 * answer is not kept when any entity in it was invalidated since (the owner may have answered before the
 * change committed; the event then came while the answer was on its way). That closes the race that would
 * otherwise keep a stale answer until the next change.
 */
export class EntityStore {
  private readonly entries: ByteBoundedCache<Entry>;
  private readonly byEntity = new Map<string, Set<string>>();
  private readonly byType = new Map<string, Set<string>>();
  private sequence = 0;
  /** Fetches begun before it store nothing: the per-entity memory below was reset then. */
  private floor = 0;
  private readonly entitySeq = new Map<string, number>();
  /** Last invalidation of each type as a whole (an event it could not pin down, a mutation through this gateway). */
  private readonly wholeTypeSeq = new Map<string, number>();
  /** Last invalidation touching each type at all: what an entry holding `Type:*` checks. */
  private readonly anyOfTypeSeq = new Map<string, number>();
  readonly stats: EntityStoreStats = { hits: 0, misses: 0, invalidations: 0, staleStoresRefused: 0 };

  constructor(maxBytes: number) {
    this.entries = new ByteBoundedCache<Entry>(maxBytes, (key, entry) => this.unindex(key, entry));
  }

  get byteStats() {
    return this.entries.stats;
  }

  /** The number a fetch started now compares against when it stores. */
  begin(): number {
    return this.sequence;
  }

  /** A parsed copy of the entry, or undefined. */
  get(key: string): Record<string, unknown> | undefined {
    const entry = this.entries.get(key);
    return entry ? (JSON.parse(entry.json) as Record<string, unknown>) : undefined;
  }

  /** The entities an entry is indexed by (its recency untouched): what its shared generations are read for. */
  entitiesOf(key: string): readonly string[] | undefined {
    return this.entries.peek(key)?.entities;
  }

  /** Keeps an answer fetched since `begun`, unless something in it has been invalidated since. */
  set(key: string, value: unknown, entities: Iterable<string>, begun: number): boolean {
    const ids = [...new Set(entities)];
    if (ids.some((id) => this.changedSince(id, begun))) {
      this.stats.staleStoresRefused += 1;
      return false;
    }
    const json = JSON.stringify(value);
    const previous = this.entries.peek(key);
    if (previous) this.unindex(key, previous);
    // A string's heap size is about two bytes a character; the key and index add their own.
    this.entries.set(key, { json, entities: ids }, 2 * (json.length + key.length) + 64 * ids.length);
    for (const id of ids) {
      add(this.byEntity, id, key);
      add(this.byType, typeOf(id), key);
    }
    return true;
  }

  /** Drops every entry holding one of these entities (`Type:*` for every entity of a type). */
  invalidate(ids: Iterable<string>): number {
    const seq = ++this.sequence;
    const doomed = new Set<string>();
    for (const id of ids) {
      const type = typeOf(id);
      this.anyOfTypeSeq.set(type, seq);
      if (isAnyOf(id)) {
        this.wholeTypeSeq.set(type, seq);
        for (const key of this.byType.get(type) ?? []) doomed.add(key);
      } else {
        this.entitySeq.set(id, seq);
        for (const key of this.byEntity.get(id) ?? []) doomed.add(key);
        // An entry holding an entity of this type whose key it did not see may hold this one.
        for (const key of this.byEntity.get(`${type}:*`) ?? []) doomed.add(key);
      }
    }
    if (this.entitySeq.size > MAX_REMEMBERED) {
      this.entitySeq.clear();
      this.floor = seq;
    }
    for (const key of doomed) this.drop(key);
    this.stats.invalidations += doomed.size;
    return doomed.size;
  }

  /** Everything goes (a bus that may have missed events, a new supergraph). */
  clear(): void {
    this.sequence += 1;
    this.floor = this.sequence;
    this.entitySeq.clear();
    this.stats.invalidations += this.entries.stats.entries;
    this.entries.clear();
    this.byEntity.clear();
    this.byType.clear();
  }

  private changedSince(id: string, begun: number): boolean {
    if (begun < this.floor) return true;
    const type = typeOf(id);
    if (isAnyOf(id)) return (this.anyOfTypeSeq.get(type) ?? 0) > begun;
    return (this.entitySeq.get(id) ?? 0) > begun || (this.wholeTypeSeq.get(type) ?? 0) > begun;
  }

  private drop(key: string): void {
    const entry = this.entries.peek(key);
    if (entry) this.unindex(key, entry);
    this.entries.delete(key);
  }

  private unindex(key: string, entry: Entry): void {
    for (const id of entry.entities) {
      remove(this.byEntity, id, key);
      remove(this.byType, typeOf(id), key);
    }
  }
}

function add(index: Map<string, Set<string>>, id: string, key: string): void {
  let keys = index.get(id);
  if (!keys) index.set(id, (keys = new Set()));
  keys.add(key);
}

function remove(index: Map<string, Set<string>>, id: string, key: string): void {
  const keys = index.get(id);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(id);
}
