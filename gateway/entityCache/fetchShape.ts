import type { FetchNode } from '@apollo/query-planner';
import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { CACHEABLE_ENTITIES, CLOCK_FIELDS, UNCACHEABLE_FIELDS } from '../../common/entityCacheContract';

/**
 * What the cache needs to know of one entity fetch, worked out once per FetchNode (plans are cached,
 * so this is once per operation and supergraph): whether its answer may be kept at all, and what in
 * an answer names the entities the entry must be dropped with.
 */
export interface FetchShape {
  /** Why the answer must come from the owner every time (undefined: it may be cached). */
  bypass?: string;
  /** Some object in the answer is of a type whose staff reads the owners record (@customerOwned). */
  reachesOwned: boolean;
  /** A field it selects changes with the clock (CLOCK_FIELDS): kept only until the owner's `validUntil`, never without one. */
  clock?: string;
  /** The `_entities` selection, per entity type (the fragments' type conditions), for indexing an answer. */
  selection: SelectionSetNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

const shapes = new WeakMap<FetchNode, FetchShape>();

export function fetchShape(fetch: FetchNode, schema: GraphQLSchema, ownedTypes: ReadonlySet<string>): FetchShape {
  let shape = shapes.get(fetch);
  if (!shape) {
    shape = analyse(fetch.operation, schema, ownedTypes);
    shapes.set(fetch, shape);
  }
  return shape;
}

const EMPTY: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: [] };

function analyse(operation: string, schema: GraphQLSchema, ownedTypes: ReadonlySet<string>): FetchShape {
  const document = parse(operation, { noLocation: true });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const op = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const root = op?.kind === Kind.OPERATION_DEFINITION && op.operation === 'query' ? op.selectionSet.selections : [];
  const entities = root.length === 1 && root[0].kind === Kind.FIELD && root[0].name.value === '_entities' && !root[0].alias ? root[0] : undefined;
  if (!entities?.selectionSet) return { bypass: 'not an _entities query', reachesOwned: true, selection: EMPTY, fragments };
  let reachesOwnedType = false;
  for (const selection of entities.selectionSet.selections) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) return { bypass: 'an _entities selection without a type', reachesOwned: true, selection: EMPTY, fragments };
    const typename = selection.typeCondition.name.value;
    if (!Object.hasOwn(CACHEABLE_ENTITIES, typename)) return { bypass: `${typename} is not a cacheable type`, reachesOwned: true, selection: EMPTY, fragments };
    if (ownedTypes.has(typename)) reachesOwnedType = true;
  }
  const walk = inspectSelection(entities.selectionSet, undefined, schema, fragments, ownedTypes);
  return { ...walk, reachesOwned: walk.reachesOwned || reachesOwnedType, selection: entities.selectionSet, fragments };
}

/**
 * Whether a selection (of an entity fetch, or of a keyed root field on `parent`) may be answered from an entry
 * (`bypass` says why not: a never-cached field, a conditional selection), whether it reaches a
 * `@customerOwned` type, and its first field that changes with the clock.
 */
export function inspectSelection(
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType | undefined,
  schema: GraphQLSchema,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ownedTypes: ReadonlySet<string>,
): { bypass?: string; reachesOwned: boolean; clock?: string } {
  const walk = { bypass: undefined as string | undefined, reachesOwned: false, clock: undefined as string | undefined };
  const visit = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType | undefined, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (walk.bypass) return;
      if (selection.directives?.length) {
        // @include/@skip inside a subgraph fetch: the answer depends on variables in ways not worth modelling.
        walk.bypass = 'conditional selection';
        return;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) return void (walk.bypass = 'unknown fragment');
        if (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value)) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        if (!condition || !('getFields' in condition || isAbstractType(condition))) return void (walk.bypass = 'unknown type');
        const next = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
        visit(fragment.selectionSet, condition as GraphQLCompositeType, next);
        continue;
      }
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (!parent || !isObjectType(parent) && !('getFields' in parent)) return void (walk.bypass = `field ${name} on an unknown type`);
      const field = (parent as { getFields(): Record<string, { type: unknown }> }).getFields()[name];
      if (!field) return void (walk.bypass = `unknown field ${parent.name}.${name}`);
      if (Object.hasOwn(UNCACHEABLE_FIELDS, `${parent.name}.${name}`)) return void (walk.bypass = `${parent.name}.${name} is never cached`);
      if (Object.hasOwn(CLOCK_FIELDS, `${parent.name}.${name}`)) walk.clock ??= `${parent.name}.${name}`;
      const type = getNamedType(field.type as Parameters<typeof getNamedType>[0]);
      if (!type) return void (walk.bypass = `${parent.name}.${name} has no type`);
      if (reachesOwned(schema, type.name, ownedTypes)) walk.reachesOwned = true;
      if (selection.selectionSet) visit(selection.selectionSet, type as GraphQLCompositeType, seen);
    }
  };
  visit(selectionSet, parent, new Set());
  return walk;
}

function reachesOwned(schema: GraphQLSchema, typename: string, ownedTypes: ReadonlySet<string>): boolean {
  if (ownedTypes.has(typename)) return true;
  const type = schema.getType(typename);
  return !!type && isAbstractType(type) && schema.getPossibleTypes(type).some((possible) => ownedTypes.has(possible.name));
}
