import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { meets, type CallerGrants } from './caller';
import type { Requirement } from './requirements';

/** What stands in the narrowed document where something was removed: `__typename` under an alias that says what to do. */
export type Marker = ({ kind: 'null'; key: string; nonNull: boolean } | { kind: 'drop' }) & { node?: FieldNode };

export interface FilteredOperation {
  document: DocumentNode;
  /** Which removals were made: the same document and the same removals plan the same. */
  removals: string;
  markers: ReadonlyMap<string, Marker>;
  /** Where something was removed, as response paths; `@` stands for every item of a list (as Apollo Router reports them). */
  paths: Array<Array<string>>;
}

/** Errors at most at this many paths, and the walk that finds them visits at most this many selections. */
const MAX_PATHS = 100;
const VISIT_BUDGET = 10_000;

/**
 * Removes from an operation every field (and every fragment on a type) the caller may not see, as
 * the supergraph's authorization directives decide: a field's own, those of the type it returns,
 * and, on an interface, those of the same field on each implementation. Each removed field is
 * replaced by an aliased `__typename` (a marker) so the answer can carry it as null where it would
 * have been (restoreRemoved.ts). Undefined: nothing to remove, run the document as it is.
 */
export function filterOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  requirementOf: (coordinate: string) => Requirement | undefined,
  grants: CallerGrants,
): FilteredOperation | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const filteredFragments = new Map<string, FragmentDefinitionNode>();
  const markers = new Map<string, Marker>();
  const markerByNode = new Map<SelectionNode, FieldNode>();
  const removed: number[] = [];
  const paths: string[][] = [];
  const seenPaths = new Set<string>();
  let budget = VISIT_BUDGET;
  let ordinal = 0;
  const ordinals = new WeakMap<SelectionNode, number>();

  const allowed = (coordinate: string) => {
    const requirement = requirementOf(coordinate);
    return !requirement || meets(requirement, grants);
  };
  const typeAllowed = (name: string) => allowed(name);
  const fieldAllowed = (parent: GraphQLCompositeType, name: string, returns: string): boolean => {
    if (!allowed(`${parent.name}.${name}`) || !typeAllowed(returns)) return false;
    if (isInterfaceType(parent)) return schema.getPossibleTypes(parent).every((type) => allowed(`${type.name}.${name}`));
    return true;
  };
  const note = (path: string[]) => {
    const key = path.join('.');
    if (paths.length < MAX_PATHS && !seenPaths.has(key)) {
      seenPaths.add(key);
      paths.push(path);
    }
  };
  /** The marker of a removed selection, one per selection node (the same node in a fragment spread twice). */
  const markerFor = (node: SelectionNode, marker: Marker): FieldNode => {
    const known = markerByNode.get(node);
    if (known) return known;
    const alias = `authzRemoved${markers.size}_`;
    // The removed selection's @skip/@include stay with its marker: a skipped field is not put back as null.
    const directives = node.directives?.filter((directive) => directive.name.value === 'skip' || directive.name.value === 'include');
    const field: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: alias }, name: { kind: Kind.NAME, value: '__typename' }, directives };
    markerByNode.set(node, field);
    markers.set(alias, { ...marker, node: field });
    removed.push(ordinalOf(node));
    return field;
  };
  const ordinalOf = (node: SelectionNode) => {
    let n = ordinals.get(node);
    if (n === undefined) ordinals.set(node, (n = ordinal++));
    return n;
  };

  function filterSet(set: SelectionSetNode, parent: GraphQLCompositeType, path: string[]): SelectionSetNode {
    let changed = false;
    const selections: SelectionNode[] = [];
    for (const selection of set.selections) {
      budget -= 1;
      ordinalOf(selection);
      const next = filterSelection(selection, parent, path);
      if (next !== selection) changed = true;
      selections.push(next);
    }
    return changed ? { ...set, selections } : set;
  }

  function filterSelection(selection: SelectionNode, parent: GraphQLCompositeType, path: string[]): SelectionNode {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__')) return selection;
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!field) return selection; // validation has vouched for the document: nothing else is selectable
      const key = selection.alias?.value ?? name;
      const named = getNamedType(field.type);
      if (!fieldAllowed(parent, name, named.name)) {
        note([...path, key]);
        return markerFor(selection, { kind: 'null', key, nonNull: isNonNullType(field.type) });
      }
      if (!selection.selectionSet || !isCompositeType(named)) return selection;
      const inner = [...path, key, ...listLevels(field.type)];
      const selectionSet = filterSet(selection.selectionSet, named, inner);
      return selectionSet === selection.selectionSet ? selection : { ...selection, selectionSet };
    }
    const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragments.get(selection.name.value)?.typeCondition.name.value;
    if (condition && !typeAllowed(condition)) {
      note(path);
      return markerFor(selection, { kind: 'drop' });
    }
    const type = condition ? (schema.getType(condition) as GraphQLCompositeType | undefined) : parent;
    if (!type) return selection;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const selectionSet = filterSet(selection.selectionSet, type, path);
      return selectionSet === selection.selectionSet ? selection : { ...selection, selectionSet };
    }
    const name = selection.name.value;
    const known = filteredFragments.get(name);
    if (known && budget <= 0) return selection;
    const fragment = fragments.get(name)!;
    const selectionSet = filterSet(fragment.selectionSet, type, path);
    if (!known) filteredFragments.set(name, selectionSet === fragment.selectionSet ? fragment : { ...fragment, selectionSet });
    return selection;
  }

  const root = schema.getRootType(operation.operation);
  if (!root) return undefined;
  const selectionSet = filterSet(operation.selectionSet, root, []);
  if (markers.size === 0) return undefined;
  const definitions = document.definitions.map((definition) => {
    if (definition === operation) return { ...operation, selectionSet };
    if (definition.kind === Kind.FRAGMENT_DEFINITION) return filteredFragments.get(definition.name.value) ?? definition;
    return definition;
  });
  return { document: { ...document, definitions }, removals: removed.sort((a, b) => a - b).join(','), markers, paths };
}

/** `@` once per list level around a field's items. */
function listLevels(type: Parameters<typeof getNullableType>[0]): string[] {
  const levels: string[] = [];
  let current = getNullableType(type);
  while (isListType(current)) {
    levels.push('@');
    current = getNullableType(current.ofType);
  }
  return levels;
}
