import { getNamedType, isAbstractType, Kind, type GraphQLCompositeType, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import type { FetchShape } from './fetchShape';

/** How an entity is named in the cache's index: `Order:["O-1001"]`, its key values in the contract's key order. */
export function entityId(typename: string, key: Readonly<Record<string, unknown>>): string | undefined {
  const fields = CACHEABLE_ENTITIES[typename]?.key;
  if (!fields) return undefined;
  const values: string[] = [];
  for (const field of fields) {
    const value = key[field];
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    values.push(String(value));
  }
  return `${typename}:${JSON.stringify(values)}`;
}

/** Every entity of a type: what an entry holding one of that type whose key was not selected is indexed by. */
export function anyOf(typename: string): string {
  return `${typename}:*`;
}

/**
 * Every cacheable entity an entity's answer holds, itself included (docs/entity-cache.md: Orders answers
 * `Order.customer { name }` from within the same fetch, so the entry is stale when that customer changes).
 * An object whose type is cacheable but whose key was not selected, or whose type cannot be told, stands
 * for every entity of its possible types.
 */
export function entitiesInside(value: Record<string, unknown>, representation: Record<string, unknown>, shape: FetchShape, schema: GraphQLSchema): Set<string> {
  const typename = String(representation.__typename);
  const found = new Set<string>();
  const type = schema.getType(typename) as GraphQLCompositeType | undefined;
  // The entity itself is named by its representation: the answer need not repeat its key.
  if (type) visitObject({ ...value, ...representation }, type, shape.selection, shape, schema, found);
  else found.add(anyOf(typename));
  return found;
}

function visitObject(value: Record<string, unknown>, declared: GraphQLCompositeType, selection: SelectionSetNode, shape: FetchShape, schema: GraphQLSchema, found: Set<string>): void {
  const concrete = typeof value.__typename === 'string' ? value.__typename : isAbstractType(declared) ? undefined : declared.name;
  if (concrete === undefined) {
    for (const possible of schema.getPossibleTypes(declared as Parameters<GraphQLSchema['getPossibleTypes']>[0])) {
      if (Object.hasOwn(CACHEABLE_ENTITIES, possible.name)) found.add(anyOf(possible.name));
    }
  } else if (Object.hasOwn(CACHEABLE_ENTITIES, concrete)) {
    found.add(entityId(concrete, value) ?? anyOf(concrete));
  }
  const type = (concrete ? schema.getType(concrete) : declared) as GraphQLCompositeType | undefined;
  if (type) visitSelection(value, type, selection, shape, schema, found);
}

function visitSelection(value: Record<string, unknown>, type: GraphQLCompositeType, selection: SelectionSetNode, shape: FetchShape, schema: GraphQLSchema, found: Set<string>): void {
  for (const node of selection.selections) {
    if (node.kind === Kind.FIELD) {
      if (!node.selectionSet || !('getFields' in type)) continue;
      const field = type.getFields()[node.name.value];
      const child = value[node.alias?.value ?? node.name.value];
      if (!field || child === null || child === undefined) continue;
      const childType = getNamedType(field.type) as GraphQLCompositeType;
      for (const item of flat(child)) visitObject(item, childType, node.selectionSet, shape, schema, found);
      continue;
    }
    const fragment = node.kind === Kind.FRAGMENT_SPREAD ? shape.fragments.get(node.name.value) : node;
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    // A fragment on another type than this object's does not apply (the subgraph answered nothing for it).
    if (condition && condition !== type.name && !(isAbstractType(schema.getType(condition)!) && schema.isSubType(schema.getType(condition) as never, type as never))) continue;
    visitSelection(value, type, fragment.selectionSet, shape, schema, found);
  }
}

function flat(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(flat);
  return value !== null && typeof value === 'object' ? [value as Record<string, unknown>] : [];
}
