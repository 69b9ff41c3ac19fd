import { EVENT_INVALIDATIONS, type EventTypeName } from './eventContracts';
import type { DomainEvent } from './events';

/** One cached entity made stale by an event: its type and @key values, e.g. `{ typename: 'Order', key: { number: 'O-1001' } }`. */
export interface EntityInvalidation {
  typename: string;
  key: Record<string, string>;
}

/**
 * An event of a known type whose payload lacks a key it must carry: its change cannot be pinned to entities.
 * A cache should then drop every entry of `typenames` rather than guess.
 */
export class InvalidationKeyMissing extends Error {
  override readonly name = 'InvalidationKeyMissing';
  constructor(
    readonly event: DomainEvent,
    readonly typenames: readonly string[],
    field: string,
  ) {
    super(`${event.type} event ${event.id} has no ${field} in its payload: cannot tell which ${typenames.join(', ')} changed`);
  }
}

/**
 * The entities an event invalidates, read from its payload by the contract (EVENT_INVALIDATIONS). An event type the
 * contract does not know changes no cacheable entity and gives none; an optional key that is null (a case about no
 * order) gives none of its type. Duplicates (one customer named twice) are given once.
 */
export function invalidationsFor(event: DomainEvent): EntityInvalidation[] {
  if (!Object.hasOwn(EVENT_INVALIDATIONS, event.type)) return [];
  const rules: readonly { typename: string; key: Record<string, string>; optional?: boolean }[] =
    EVENT_INVALIDATIONS[event.type as EventTypeName].invalidates;
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const found = new Map<string, EntityInvalidation>();
  for (const rule of rules) {
    const key: Record<string, string> = {};
    let absent = false;
    for (const [keyField, payloadField] of Object.entries(rule.key)) {
      const value = payload[payloadField];
      if (typeof value === 'string' && value !== '') key[keyField] = value;
      else if (rule.optional && value == null) absent = true;
      else throw new InvalidationKeyMissing(event, typesInvalidatedBy(event.type), payloadField);
    }
    if (absent) continue;
    const invalidation = { typename: rule.typename, key };
    found.set(JSON.stringify(invalidation), invalidation);
  }
  return [...found.values()];
}

/** Every type an event of this type may invalidate (what a cache drops whole when the payload is broken). */
export function typesInvalidatedBy(eventType: string): string[] {
  if (!Object.hasOwn(EVENT_INVALIDATIONS, eventType)) return [];
  return [...new Set(EVENT_INVALIDATIONS[eventType as EventTypeName].invalidates.map((rule) => rule.typename))];
}
