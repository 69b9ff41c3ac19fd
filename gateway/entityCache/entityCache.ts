import type { FetchNode } from '@apollo/query-planner';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import type { DomainEvent } from '../../common/events';
import { InvalidationKeyMissing, invalidationsFor } from '../../common/invalidationsFor';
import type { GatewayContext } from '../context';
import type { EntityFetch, EntityFetchCache, RootFetch, SubgraphAnswer } from '../engine/request';
import { loggedReadsOf, type AccessRecorder, type LoggedRead } from './accessRecords';
import { cacheScope } from './cacheScope';
import { anyOf, entitiesInside, entityId } from './entitiesInside';
import { EntityStore } from './entityStore';
import { fetchShape } from './fetchShape';
import { generationsOf, stillCurrent, type Generations, type KeptGenerations, type SharedGenerations } from './redisGenerations';
import { expiryOf } from './clockExpiry';
import { typesChangedBy } from './mutationTypes';
import { writtenEntityIds } from './writtenEntities';
import { keyedRepresentation, rootFieldShape } from './rootFieldShape';
import { recordServed, servedFromCache } from './servedFromCache';
import type { SharedLevel } from './sharedLevel';

export interface EntityCacheOptions {
  /** Every answer says what was served from the cache (development), not only those whose caller asks. */
  reportAlways?: boolean;
  /** ENTITY_CACHE_BYTES: bound of the in-memory level. */
  maxBytes: number;
  /** The types whose entities are cached (ENTITY_CACHE_TYPES; each must be in the contract). */
  types: ReadonlySet<string>;
  /** The subgraphs whose fetches are cached (the project's own, whose events the contract describes); undefined: all. */
  subgraphs?: ReadonlySet<string>;
  /** @customerOwned types: their reads are logged by the owners for staff (cacheScope.ts); undefined: unknown, so every fetch of a logged caller counts as logged. */
  ownedTypes?: ReadonlySet<string>;
  /** Records a logged caller's cache hits at their owners (accessRecords.ts); none: such fetches always go to the owners. */
  accessRecords?: AccessRecorder;
  /** The caller headers forwarded to a subgraph: an owner may answer by them. */
  forwardedHeaders(subgraph: string): readonly string[];
  /** REDIS_URL: generations shared by the replicas (redisGenerations.ts); none: this gateway's own mutations only. */
  generations?: SharedGenerations;
  /** The gateway's clock, in epoch ms (tests move it); default Date.now. */
  now?: () => number;
  /** REDIS_URL with ENTITY_CACHE_REDIS_ENTRIES: the level the replicas share (sharedLevel.ts); it needs `generations`. */
  shared?: SharedLevel;
}

/** What is kept per answer (in memory, and in Redis with the entities inside it). */
export interface Held {
  v: Record<string, unknown>;
  /** When generations are shared: those of its types when its fetch began. */
  g?: KeptGenerations;
  /** In a logged caller's scope: the access-log entries the owner wrote for it, written again each time it is served. */
  a?: LoggedRead[];
  /** Served only before this instant of the gateway's clock (epoch ms): a clock field in it changes then (validUntil.ts). */
  u?: number;
}

/**
 * The gateway's entity cache (docs/entity-cache.md): `_entities` answers kept per representation, caller
 * scope and subgraph selection, dropped by the owners' events (`invalidate`) and, for mutations sent through
 * this gateway, before the mutation's answer reaches its client (`mutated`).
 */
export class EntityCache implements EntityFetchCache {
  readonly store: EntityStore;
  private readonly mutationTypes = new WeakMap<FetchNode, string[] | 'all'>();
  /** Serving only once the owners' events are heard (invalidationFeed.ts): before, nothing could drop an entry. */
  private listening = false;
  /** Representations fetched without the cache. */
  bypassed = 0;

  /** The level the replicas share in Redis, when there is one. */
  get shared(): SharedLevel | undefined {
    return this.options.shared;
  }

  constructor(private readonly options: EntityCacheOptions) {
    this.store = new EntityStore(options.maxBytes);
  }

  async entities(call: EntityFetch): Promise<SubgraphAnswer> {
    const { fetch, representations } = call;
    const shape = fetchShape(fetch, call.supergraphSchema, this.options.ownedTypes ?? NONE);
    const scope = cacheScope(call.context, this.options.forwardedHeaders(fetch.serviceName));
    // The owner logs this read (staff, or a client acting for a customer, reaching a customer's record).
    const logged = !!scope?.logged && (shape.reachesOwned || !this.options.ownedTypes);
    const cacheable =
      this.listening &&
      scope &&
      !shape.bypass &&
      !(logged && !this.options.accessRecords) &&
      (!this.options.subgraphs || this.options.subgraphs.has(fetch.serviceName)) &&
      representations.every((rep) => this.options.types.has(String(rep.__typename)));
    if (!cacheable) return this.bypass(call);
    const begun = this.store.begin();
    const shared = this.options.shared;
    // The bumps of the changes this replica has heard go first: the generations read next include them.
    const sharedReady = shared ? await shared.ready() : false;
    const prefix = `${scope.key}\0${fetch.serviceName}\0${fetch.operation}\0${JSON.stringify(call.variables)}\0`;
    const keys = representations.map((rep) => prefix + JSON.stringify(rep));
    // One read of the shared generations: the types' and those of every entity the held answers hold.
    const now = this.options.generations ? await this.options.generations.read([...new Set(keys.flatMap((key) => this.store.entitiesOf(key) ?? []))]) : undefined;
    // The shared generations cannot be read: nothing held can be shown to be current, so the owner answers.
    if (this.options.generations && !now) return this.bypass(call);
    const held = keys.map((key) => this.lookup(key, now, logged));
    const fromRedis = shared && sharedReady && now && held.includes(undefined) ? await this.fromShared(shared, keys, held, logged, begun) : [];
    // A logged read is served only once its owner has the entries it wrote when it answered; else the owner answers (and logs).
    if (logged && !(await this.recorded(call, held))) held.fill(undefined);
    const found: Array<Record<string, unknown> | null | undefined> = held.map((entry) => entry?.v);
    const missing: number[] = [];
    found.forEach((entity, index) => entity === undefined && missing.push(index));
    this.store.stats.hits += representations.length - missing.length;
    this.store.stats.misses += missing.length;
    recordServed(call.context, { hits: representations.length - missing.length, misses: missing.length, ...(shared && now ? { fromRedis: fromRedis.filter((index) => held[index]).length } : {}) });
    if (missing.length === 0) return { data: { _entities: found } };
    const answer = await call.send(missing.map((index) => representations[index]));
    const got: unknown = answer.data?._entities;
    // A malformed answer is the engine's to report (it checks the length against every representation).
    if (!Array.isArray(got) || got.length !== missing.length) return answer;
    const reads = logged ? loggedReadsOf(answer) : undefined;
    // A clock field is kept only until its owner says it changes, and not at all when the owner does not say.
    const expires = shape.clock ? expiryOf(answer, this.clock()) : null;
    const failed = new Set<number>();
    let unplaced = false;
    const errors = answer.errors?.map((error) => {
      const index = error.path?.[1];
      if (error.path?.[0] !== '_entities' || typeof index !== 'number' || index >= missing.length) {
        unplaced = true;
        return error;
      }
      failed.add(index);
      return { ...error, path: ['_entities', missing[index], ...error.path!.slice(2)] };
    });
    missing.forEach((index, i) => {
      found[index] = got[i] as Record<string, unknown> | null;
      // Only whole, error-free answers are kept: a refused or failed entity is asked for again next time.
      const entity = got[i] as Record<string, unknown> | null;
      if (unplaced || failed.has(i) || entity === null || typeof entity !== 'object') return;
      // A logged read is kept only with what its owner logged for it, to log the same each time it is served.
      if (logged && !reads) return;
      if (expires === undefined) return;
      const inside = entitiesInside(entity, representations[index], shape, call.supergraphSchema);
      const kept: Held = { v: entity, ...(now ? { g: generationsOf(inside, now) } : {}), ...(reads ? { a: reads.get(i) ?? [] } : {}), ...(expires !== null ? { u: expires } : {}) };
      if (this.store.set(keys[index], kept, inside, begun) && shared && now) shared.keep(keys[index], kept, [...inside]);
    });
    return { ...answer, data: { ...answer.data, _entities: found }, ...(errors ? { errors } : {}) };
  }

  /**
   * A keyed root read (`customer(id:)`, common/entityCacheContract.ts KEYED_ROOT_FIELDS) answered from the same
   * entries as entity fetches: keyed by scope, subgraph, operation and variables, indexed by every entity inside,
   * dropped by the same events and mutations. Any other root fetch is sent as it is, and so is a read the owner
   * logs (staff's: their access entries are recorded for entity fetches only). An answer is kept only when it
   * carries the key fields and they are the arguments: an owner that reads `" O-1 "` as `O-1` would otherwise
   * leave an entry indexed by a key no event names.
   */
  async root(call: RootFetch): Promise<SubgraphAnswer> {
    const { fetch } = call;
    const shape = rootFieldShape(fetch, call.supergraphSchema, this.options.ownedTypes ?? NONE);
    if (!shape) return call.send();
    const representation = keyedRepresentation(shape, call.variables);
    const scope = cacheScope(call.context, this.options.forwardedHeaders(fetch.serviceName));
    const cacheable =
      this.listening &&
      representation &&
      scope &&
      !shape.bypass &&
      !(scope.logged && (shape.reachesOwned || !this.options.ownedTypes)) &&
      (!this.options.subgraphs || this.options.subgraphs.has(fetch.serviceName)) &&
      this.options.types.has(shape.typename);
    if (!cacheable) return this.bypassRoot(call);
    const begun = this.store.begin();
    const key = `${scope.key}\0${fetch.serviceName}\0${fetch.operation}\0${JSON.stringify(call.variables)}\0root`;
    const now = this.options.generations ? await this.options.generations.read(this.store.entitiesOf(key) ?? []) : undefined;
    if (this.options.generations && !now) return this.bypassRoot(call);
    const held = this.lookup(key, now, false);
    this.store.stats[held ? 'hits' : 'misses'] += 1;
    recordServed(call.context, { hits: held ? 1 : 0, misses: held ? 0 : 1 });
    if (held) return { data: { [shape.responseKey]: held.v } };
    const answer = await call.send();
    const entity: unknown = answer.data?.[shape.responseKey];
    // A clock field is kept only until its owner says it changes, and not at all when the owner does not say.
    const expires = shape.clock ? expiryOf(answer, this.clock()) : null;
    if (!answer.errors?.length && isObject(entity) && carriesKey(entity, representation) && expires !== undefined) {
      const inside = entitiesInside(entity, representation, shape, call.supergraphSchema);
      const kept: Held = { v: entity, ...(now ? { g: generationsOf(inside, now) } : {}), ...(expires !== null ? { u: expires } : {}) };
      this.store.set(key, kept, inside, begun);
    }
    return answer;
  }

  private bypassRoot(call: RootFetch): Promise<SubgraphAnswer> {
    this.bypassed += 1;
    recordServed(call.context, { bypassed: 1 });
    return call.send();
  }

  /**
   * Fills what memory lacks from the replicas' shared level, in one round trip (two when Redis held something:
   * sharedLevel.ts `find`); the indexes it filled. An entry found there is kept in memory too, and served only
   * when memory takes it: not when an entity in it changed since this fetch began.
   */
  private async fromShared(shared: SharedLevel, keys: string[], held: Array<Held | undefined>, logged: boolean, begun: number): Promise<number[]> {
    const lacking = held.flatMap((entry, index) => (entry === undefined ? [index] : []));
    const entries = await shared.find(lacking.map((index) => keys[index]));
    const filled: number[] = [];
    entries.forEach((entry, i) => {
      // As a memory entry is held to: a logged read needs its owner's entries; a clock field, its instant not passed.
      if (!entry || (logged && !entry.a) || (entry.u !== undefined && entry.u <= this.clock())) return;
      const { e, ...kept } = entry;
      if (!this.store.set(keys[lacking[i]], kept, e, begun)) return;
      held[lacking[i]] = kept;
      filled.push(lacking[i]);
    });
    return filled;
  }

  private clock(): number {
    return (this.options.now ?? Date.now)();
  }

  private bypass(call: EntityFetch): Promise<SubgraphAnswer> {
    this.bypassed += call.representations.length;
    recordServed(call.context, { bypassed: call.representations.length });
    return call.send(call.representations);
  }

  /** A held answer still current under the shared generations (when there are any), with its owner's entries for a logged read. */
  private lookup(key: string, now: Generations | undefined, logged: boolean): Held | undefined {
    const held = this.store.get(key) as Held | undefined;
    if (!held || (now && !(held.g && stillCurrent(this.store.entitiesOf(key) ?? [], held.g, now))) || (logged && !held.a)) return undefined;
    if (held.u !== undefined && this.clock() >= held.u) return undefined;
    return held;
  }

  /** The owner has the entries of the logged reads about to be served (true when there are none to write). */
  private async recorded(call: EntityFetch, held: ReadonlyArray<Held | undefined>): Promise<boolean> {
    const reads = new Map<string, LoggedRead>();
    // Once per customer and kind of record per fetch, as the owner writes them once per request it answers.
    for (const entry of held) for (const read of entry?.a ?? []) reads.set(`${read[0]}\0${read[1]}`, read);
    if (reads.size === 0) return true;
    return this.options.accessRecords!.record(call.fetch.serviceName, call.supergraphSchema, call.context!, [...reads.values()]);
  }

  /**
   * `extensions.entityCache` of an answer whose caller sent `x-entity-cache: report` (always in development):
   * representations answered from the cache, fetched, and fetched without it.
   */
  report(context: GatewayContext | undefined): Record<string, unknown> | undefined {
    if (!context) return undefined;
    const asked = this.options.reportAlways || context.callerHeaders?.[REPORT_HEADER] === 'report';
    if (!asked) return undefined;
    return { ...(servedFromCache(context) ?? { hits: 0, misses: 0, bypassed: 0 }) };
  }

  /**
   * A mutation was sent to a subgraph, and `answer` is what it said (undefined: it failed; it may still have
   * committed). What it changed is dropped now, before its client hears back, so a read that starts after the
   * answer cannot be served what was there before (the owner's events come after the commit, through the
   * relay, maybe after the answer). The owner names what it changed (`extensions.invalidates`, from the outbox
   * events its writes recorded: common/outbox/writtenEntities.ts): exactly those entities are dropped. An
   * answer that does not say (a foreign or older subgraph), or with errors, drops every entity of the types the
   * mutation's declared events invalidate; a mutation the contract does not know drops everything.
   */
  async mutated(fetch: FetchNode, _context: GatewayContext | undefined, answer?: SubgraphAnswer): Promise<void> {
    const written = answer && !answer.errors?.length ? writtenEntityIds(answer.extensions?.invalidates) : undefined;
    const ids = written ?? this.typesChangedBy(fetch);
    if (ids === 'all') this.store.clear();
    else if (ids.length) this.store.invalidate(ids);
    // Every replica: the shared generations move before this client hears back.
    const changed = ids === 'all' ? ALL_TYPES : ids;
    await (this.options.shared ? this.options.shared.changed(changed) : this.options.generations?.bump(changed));
  }

  /** `Type:*` for each type a mutation fetch may change (its root fields and the contract's MUTATION_EVENTS), worked out once per fetch node. */
  private typesChangedBy(fetch: FetchNode): string[] | 'all' {
    let ids = this.mutationTypes.get(fetch);
    if (!ids) {
      const types = typesChangedBy(fetch);
      ids = types === 'all' ? types : types.map(anyOf);
      this.mutationTypes.set(fetch, ids);
    }
    return ids;
  }

  /** Every replica reads shared generations: a mutation through any of them is seen at once by all. */
  get sharesGenerations(): boolean {
    return !!this.options.generations;
  }

  /** An owner's event: every entry holding an entity it names is dropped (every entry of its types when its payload is broken). */
  invalidate(event: DomainEvent): number {
    let ids: string[];
    try {
      ids = invalidationsFor(event).map(({ typename, key }) => entityId(typename, key) ?? anyOf(typename));
    } catch (error) {
      if (!(error instanceof InvalidationKeyMissing)) {
        // An event that cannot be placed: the feed clears memory; what Redis holds goes too.
        void this.options.shared?.changed(ALL_TYPES);
        throw error;
      }
      ids = error.typenames.map(anyOf);
    }
    // The entries in Redis too: a change no mutation through a gateway announced reaches them only this way.
    if (ids.length) void this.options.shared?.changed(ids);
    return this.store.invalidate(ids);
  }

  /** Memory only (a new supergraph): Redis entries are keyed by the subgraph operations, which a new plan changes. */
  clear(): void {
    this.store.clear();
  }

  async close(): Promise<void> {
    this.setListening(false);
    await this.options.shared?.close();
    await this.options.generations?.close();
  }

  /**
   * The owners' events now reach `invalidate` (true), or may not any more (false: everything is dropped). On
   * starting to listen, what Redis holds is abandoned: it may predate events no replica was listening for.
   */
  setListening(listening: boolean): void {
    if (!listening) this.store.clear();
    else if (!this.listening) this.options.shared?.abandon(ALL_TYPES);
    this.listening = listening;
  }
}

const NONE: ReadonlySet<string> = new Set();
/** Every cacheable type as a whole (`Type:*`). */
const ALL_TYPES = Object.keys(CACHEABLE_ENTITIES).map(anyOf);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The answer names the entity the arguments did: each key field there, and the same. */
function carriesKey(entity: Record<string, unknown>, representation: Record<string, string>): boolean {
  return Object.entries(representation).every(([field, value]) => (field === '__typename' ? entity.__typename === undefined || entity.__typename === value : entity[field] === value));
}

/** The request header asking for `extensions.entityCache`. */
export const REPORT_HEADER = 'x-entity-cache';
