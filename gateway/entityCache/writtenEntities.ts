import { anyOf, entityId } from './entitiesInside';

/**
 * The entity ids a mutation's owner says its writes changed (`extensions.invalidates`, added by
 * common/outbox/writtenEntities.ts): `Type:["key"]`, or `Type:*` for an entry without a key. Undefined when
 * the answer does not say or says something this gateway cannot read (a foreign or older subgraph, an entity
 * outside the contract): the caller then drops what the mutation may change, never less.
 */
export function writtenEntityIds(extension: unknown): string[] | undefined {
  if (!Array.isArray(extension)) return undefined;
  const ids = new Set<string>();
  for (const item of extension as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { typename, key } = item as { typename?: unknown; key?: unknown };
    if (typeof typename !== 'string') return undefined;
    if (key === undefined) {
      ids.add(anyOf(typename));
      continue;
    }
    const id = typeof key === 'object' && key !== null ? entityId(typename, key as Record<string, unknown>) : undefined;
    if (!id) return undefined;
    ids.add(id);
  }
  return [...ids];
}
