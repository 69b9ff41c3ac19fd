import {
  Kind,
  getNullableType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Marker } from './filterOperation';

/** A value that must become null, and with it its parent if that is non-null (GraphQL's null propagation). */
const NULLED = Symbol('nulled');

/**
 * Puts each removed field back into the answer as null where its marker came back, and removes the
 * markers of removed fragments. A removed non-null field nulls its parent object, and so on up to
 * the nearest nullable position, as GraphQL's rules for a null in a non-null field say. Walks the
 * narrowed document (the one that was run) over the data; returns the data to answer with.
 */
export function restoreRemoved(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  markers: ReadonlyMap<string, Marker>,
  data: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null | undefined {
  if (!data) return data;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  /** true: this object must become null. */
  function fixObject(object: Record<string, unknown>, set: SelectionSetNode, parent: GraphQLCompositeType): boolean {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!Object.hasOwn(object, key)) continue;
        const marker = markers.get(key);
        if (marker && marker.node === selection) {
          if (marker.kind === 'drop') delete object[key];
          else {
            renameKey(object, key, marker.key);
            if (marker.nonNull) return true;
          }
          continue;
        }
        const value = object[key];
        if (!selection.selectionSet || value === null || value === undefined) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
        if (!field) continue;
        if (fixValue(value, field.type, selection.selectionSet) === NULLED) {
          object[key] = null;
          if (isNonNullType(field.type)) return true;
        }
      } else {
        const set2 = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragments.get(selection.name.value)?.typeCondition.name.value;
        const type = condition ? (schema.getType(condition) as GraphQLCompositeType | undefined) : parent;
        // A fragment on a type the object is not of came back with none of its fields (markers included).
        if (set2 && type && fixObject(object, set2, type)) return true;
      }
    }
    return false;
  }

  function fixValue(value: unknown, type: GraphQLOutputType, set: SelectionSetNode): unknown {
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return value;
      for (let i = 0; i < value.length; i += 1) {
        if (value[i] === null || value[i] === undefined) continue;
        if (fixValue(value[i], nullable.ofType, set) === NULLED) {
          value[i] = null;
          if (isNonNullType(nullable.ofType)) return NULLED;
        }
      }
      return value;
    }
    if (typeof value !== 'object') return value;
    const named = nullable as GraphQLCompositeType;
    return fixObject(value as Record<string, unknown>, set, concreteType(value as Record<string, unknown>, named)) ? NULLED : value;
  }

  function concreteType(object: Record<string, unknown>, type: GraphQLCompositeType): GraphQLCompositeType {
    const typename = object.__typename;
    const concrete = typeof typename === 'string' ? schema.getType(typename) : undefined;
    return concrete && isObjectType(concrete) ? concrete : type;
  }

  const root = schema.getRootType(operation.operation)!;
  return fixObject(data, operation.selectionSet, root) ? null : data;
}

/** Renames a key in place, keeping its place among the others (the answer's keys follow the document's order). */
function renameKey(object: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(object);
  for (const [key] of entries) delete object[key];
  for (const [key, value] of entries) object[key === from ? to : key] = key === from ? null : value;
}
