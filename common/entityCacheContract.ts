/**
 * What a gateway entity cache may keep, and why it can keep it without going stale: each cacheable entity is
 * changed only by writes that record a domain event naming it (common/eventContracts.ts, EVENT_INVALIDATIONS).
 * The schema check (tools/schema-check/eventCoverage.ts) holds the subgraph SDLs to this contract in CI.
 *
 * Cacheable types are listed here rather than marked with a directive in the SDL: an entity is defined in several
 * subgraphs (Customer in all four), so a directive would need one owner's copy to carry it and every subgraph to
 * declare it, while the list sits beside the mutations and events it is checked against, and the gateway can
 * import it as it is.
 */
import type { EventTypeName } from './eventContracts';
import type { SubgraphName } from './subgraphs';

export interface CacheableEntity {
  /** The @key fields a cache entry is keyed by; the owner's resolvable @key must have exactly these. */
  key: readonly string[];
  /** The subgraph that owns the entity (the rest only add fields to it). */
  owner: SubgraphName;
}

export const CACHEABLE_ENTITIES: Readonly<Record<string, CacheableEntity>> = {
  Customer: { key: ['id'], owner: 'orders' },
  Order: { key: ['number'], owner: 'orders' },
  SupportCase: { key: ['number'], owner: 'support' },
  Notification: { key: ['id'], owner: 'notifications' },
  Product: { key: ['sku'], owner: 'pricing' },
};

export interface MutationEvents {
  /** Every event the mutation records in its transaction when it changes something (none when it fails). */
  emits: readonly EventTypeName[];
  /**
   * Cacheable types the mutation changes besides the one it returns (a case opened adds to its customer's cases).
   * The check derives the returned ones itself.
   */
  changes?: readonly string[];
}

/**
 * Every mutation field of every subgraph, with the events it records. A mutation missing here fails the schema
 * check: nobody has said how a cache learns of its change.
 */
export const MUTATION_EVENTS: Readonly<Partial<Record<SubgraphName, Readonly<Record<string, MutationEvents>>>>> = {
  orders: {
    cancelOrder: { emits: ['OrderCancelled'], changes: ['Customer'] },
    requestReturn: { emits: ['ReturnRequested'], changes: ['Customer'] },
  },
  support: {
    openSupportCase: { emits: ['SupportCaseOpened'], changes: ['Customer', 'Order'] },
    addCaseInteraction: { emits: ['CaseInteractionAdded'], changes: ['Customer', 'Order'] },
  },
  pricing: {
    setProductPrice: { emits: ['PriceChanged'] },
  },
};

/** A root field that takes an entity's key and returns that entity: what a cache may answer from its entries. */
export interface KeyedRootField {
  /** The cacheable type it returns (nullable, not a list). */
  returns: string;
  /** For each of the type's key fields, the argument holding it. */
  key: Readonly<Record<string, string>>;
}

/**
 * The root fields a gateway may answer from its entity cache, per subgraph: each returns the entity whose key
 * its arguments give, and its answer depends on nothing else but the caller (whom the cache's scope covers).
 * Listed by hand, conservatively: a field whose answer depends on anything else (a search, a clock, a list)
 * must not be here. A read giving other arguments (`customer(email:)`) is sent to the owner.
 * `common/__tests__/keyedRootFields.test.ts` holds the list to the SDL.
 */
export const KEYED_ROOT_FIELDS: Readonly<Partial<Record<SubgraphName, Readonly<Record<string, KeyedRootField>>>>> = {
  orders: {
    customer: { returns: 'Customer', key: { id: 'id' } },
    order: { returns: 'Order', key: { number: 'number' } },
  },
  support: { supportCase: { returns: 'SupportCase', key: { number: 'number' } } },
  notifications: { notification: { returns: 'Notification', key: { id: 'id' } } },
  pricing: { product: { returns: 'Product', key: { sku: 'sku' } } },
};

export interface UncacheableField {
  /** `reads`: reading the graph writes it. */
  changesWith: 'reads';
  why: string;
}

/**
 * Fields of cacheable entities (or of the objects inside them) whose value changes without any write an event
 * could announce: a cache must not serve them from an entry, whatever the events say.
 */
export const UNCACHEABLE_FIELDS: Readonly<Record<string, UncacheableField>> = {
  'Customer.accessLog': { changesWith: 'reads', why: "every staff read of the customer's account or orders writes to it" },
  'Customer.supportAccessLog': { changesWith: 'reads', why: 'every staff read of a case writes to it' },
  'Customer.notificationAccessLog': { changesWith: 'reads', why: 'every staff read of a notification writes to it' },
};

export interface ClockField {
  /** What the owner's `extensions.validUntil` is, for this field. */
  changesAt: string;
}

/**
 * Fields whose value changes as time passes, with no write at all. Their owner knows when: each answer holding
 * one says until when it holds (`extensions.validUntil`, common/validUntil.ts), and a cache keeps it until then at
 * most. An answer holding one without that extension (a foreign or older subgraph) is never kept.
 */
export const CLOCK_FIELDS: Readonly<Record<string, ClockField>> = {
  'Product.price': { changesAt: 'the next start or end of one of its promotions' },
  'Product.activePromotions': { changesAt: 'the next start or end of one of its promotions' },
  'Warranty.active': { changesAt: 'the first instant after its last day (UTC), while it is active' },
};
