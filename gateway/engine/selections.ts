import {
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  print,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * An operation's selections read from the client's graphql-js document, grouped the way the
 * federation gateway groups them before it writes a response (so the response's key order is
 * stock's): within one selection set, selections with the same key are merged into the first one's
 * place, a field's key being its response name and directives, an inline fragment's its type
 * condition and directives (a @defer never equal to another), a named fragment spread's its name and
 * directives (the fragment's selections shared by all its spreads). `forDefer` adds what the query
 * planner does to an operation with @defer before it labels deferred parts: fragments expanded, then
 * useless fragments taken out.
 */
export type Selection = FieldSelection | FragmentSelection;

export interface FieldSelection {
  kind: 'field';
  key: string;
  responseName: string;
  /** The first occurrence: name, alias, arguments, directives. */
  node: FieldNode;
  definition: GraphQLField<unknown, unknown>;
  selections?: Selection[];
}

export interface FragmentSelection {
  kind: 'fragment';
  key: string;
  /** The type of the selection set the fragment was written in. */
  parentType: GraphQLCompositeType;
  typeCondition?: GraphQLCompositeType;
  /** A spread's: its fragment definition's, then its own. */
  directives: readonly DirectiveNode[];
  selections: Selection[];
  /** A named fragment's spread: its selections are the fragment's, the same array for every spread. */
  spread?: string;
}

export interface OperationSelections {
  rootType: GraphQLObjectType;
  selections: Selection[];
}

/** The selections of a validated document's operation (`operationName`, or its only one). */
export function operationSelections(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): { operation: OperationDefinitionNode } & OperationSelections {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || definition.name?.value === operationName)) operation ??= definition;
  }
  if (!operation) throw new Error(operationName ? `Unknown operation named "${operationName}"` : 'No operation found in provided document.');
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) throw new Error(`The schema has no "${operation.operation}" root type defined`);
  const named = new Map<string, Selection[]>();

  const selectionSet = (parentType: GraphQLCompositeType, node: SelectionSetNode): Selection[] => merge(node.selections.map((s) => selection(parentType, s)));
  const selection = (parentType: GraphQLCompositeType, node: SelectionNode): Selection => {
    switch (node.kind) {
      case Kind.FIELD: {
        const definition = fieldDefinition(schema, parentType, node.name.value);
        const responseName = node.alias?.value ?? node.name.value;
        const selections = node.selectionSet && selectionSet(getNamedType(definition.type) as GraphQLCompositeType, node.selectionSet);
        return { kind: 'field', key: responseName + directivesKey(node.directives), responseName, node, definition, selections };
      }
      case Kind.INLINE_FRAGMENT: {
        const typeCondition = node.typeCondition && compositeType(schema, node.typeCondition.name.value);
        const selections = selectionSet(typeCondition ?? parentType, node.selectionSet);
        return { kind: 'fragment', key: fragmentKey(typeCondition) + directivesKey(node.directives), parentType, typeCondition, directives: node.directives ?? [], selections };
      }
      case Kind.FRAGMENT_SPREAD: {
        const name = node.name.value;
        const definition = fragments.get(name);
        if (!definition) throw new Error(`Cannot find fragment name "${name}"`);
        const typeCondition = compositeType(schema, definition.typeCondition.name.value);
        let selections = named.get(name);
        if (!selections) named.set(name, (selections = selectionSet(typeCondition, definition.selectionSet)));
        const directives = [...(definition.directives ?? []), ...(node.directives ?? [])];
        return { kind: 'fragment', key: `...${name}${(node.directives ?? []).map((d) => print(d)).join(' ')}`, parentType, typeCondition, directives, selections, spread: name };
      }
    }
  };
  return { operation, rootType, selections: selectionSet(rootType, operation.selectionSet) };
}

/**
 * What the planner makes of the selections before planning @defer: named fragments expanded, useless
 * fragments taken out, then `@defer(if: false)` dropped. `hasDefers`: whether any @defer was left
 * to drop or keep.
 */
export function forDefer(schema: GraphQLSchema, operation: OperationSelections): OperationSelections & { hasDefers: boolean } {
  const normalized = normalize(schema, expand(operation.selections), operation.rootType);
  return { rootType: operation.rootType, selections: withoutDeferOff(normalized), hasDefers: hasDefer(normalized) };
}

/** Whether a fragment anywhere in the selections is deferred. */
export function hasDefer(selections: Selection[], seen = new Set<Selection[]>()): boolean {
  if (seen.has(selections)) return false;
  seen.add(selections);
  return selections.some((s) => (s.kind === 'fragment' && s.directives.some((d) => d.name.value === 'defer')) || (!!s.selections && hasDefer(s.selections, seen)));
}

/** A field as graphql-js executes it on its own (introspection): merged, its fragments expanded. */
export function fieldNode(field: FieldSelection): FieldNode {
  const nodes = (selections: Selection[]): SelectionSetNode => ({
    kind: Kind.SELECTION_SET,
    selections: selections.map((s) =>
      s.kind === 'field'
        ? { ...s.node, selectionSet: s.selections && nodes(s.selections) }
        : {
            kind: Kind.INLINE_FRAGMENT,
            typeCondition: s.typeCondition && { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: s.typeCondition.name } },
            directives: s.directives,
            selectionSet: nodes(s.selections),
          },
    ),
  });
  return { ...field.node, selectionSet: field.selections && nodes(expand(field.selections)) };
}

/** Same keys merged into the first one's place (a spread seen twice is the same spread: kept once). */
function merge(selections: Selection[]): Selection[] {
  const groups = new Map<string, Selection[]>();
  for (const s of selections) {
    const group = groups.get(s.key);
    if (group) group.push(s);
    else groups.set(s.key, [s]);
  }
  if (groups.size === selections.length) return selections;
  return [...groups.values()].map((group) => {
    const first = group[0];
    if (group.length === 1 || !first.selections || (first.kind === 'fragment' && first.spread)) return first;
    return { ...first, selections: merge(group.flatMap((s) => s.selections!)) };
  });
}

/**
 * Every named fragment spread as an inline fragment (its definition's directives, then the spread's),
 * or as its selections alone where it neither narrows the type nor carries a directive.
 */
function expand(selections: Selection[]): Selection[] {
  return merge(
    selections.flatMap((s): Selection | Selection[] => {
      if (s.kind === 'field') return s.selections ? { ...s, selections: expand(s.selections) } : s;
      const selections = expand(s.selections);
      if (!s.spread) return { ...s, selections };
      if (s.typeCondition === s.parentType && s.directives.length === 0) return selections;
      return { ...s, key: fragmentKey(s.typeCondition) + directivesKey(s.directives), spread: undefined, selections };
    }),
  );
}

/**
 * The selections as seen from `parentType`: fragments that cannot apply dropped; fragments with no
 * directive that restrict nothing (no condition, the parent's own type, or an object parent) replaced
 * by their selections; object-typed fragments lifted out of an abstract one when all of them can be.
 */
function normalize(schema: GraphQLSchema, selections: Selection[], parentType: GraphQLCompositeType): Selection[] {
  const out: Selection[] = [];
  for (const s of selections) {
    if (s.kind === 'field') {
      // Seen from an implementation, an interface's field is the implementation's (its type may be narrower).
      const definition = fieldDefinition(schema, parentType, s.node.name.value);
      const base = getNamedType(definition.type) as GraphQLCompositeType;
      out.push({ ...s, definition, selections: s.selections && normalize(schema, s.selections, base) });
      continue;
    }
    const condition = s.typeCondition;
    if (condition && parentType !== s.parentType && !intersects(schema, condition, parentType)) continue;
    if (s.directives.length === 0 && (!condition || condition === parentType || isObjectType(parentType))) {
      out.push(...normalize(schema, s.selections, parentType));
      continue;
    }
    const inner = normalize(schema, s.selections, condition ?? parentType);
    if (inner.length === 0 && s.directives.length === 0) continue;
    if (s.directives.length === 0 && condition && isAbstractType(condition)) {
      const runtimes = possibleTypes(schema, parentType);
      const liftable = inner.filter((i) => i.kind === 'fragment' && i.typeCondition && isObjectType(i.typeCondition) && runtimes.includes(i.typeCondition));
      if (liftable.length === inner.length) {
        out.push(...inner);
        continue;
      }
      if (liftable.length) {
        out.push(...liftable, { ...s, parentType, selections: inner.filter((i) => !liftable.includes(i)) });
        continue;
      }
    }
    out.push({ ...s, parentType, selections: inner });
  }
  return merge(out);
}

/** `@defer(if: false)` is no @defer: the fragment then merges with its like, or is left out when nothing else is left of it. */
function withoutDeferOff(selections: Selection[]): Selection[] {
  return merge(
    selections.flatMap((s): Selection | Selection[] => {
      if (s.kind === 'field') return s.selections ? { ...s, selections: withoutDeferOff(s.selections) } : s;
      const selections = withoutDeferOff(s.selections);
      const off = s.directives.find((d) => d.name.value === 'defer' && d.arguments?.some((a) => a.name.value === 'if' && a.value.kind === Kind.BOOLEAN && !a.value.value));
      if (!off) return { ...s, selections };
      const directives = s.directives.filter((d) => d !== off);
      if (!s.typeCondition && directives.length === 0) return selections;
      return { ...s, directives, key: fragmentKey(s.typeCondition) + directivesKey(directives), selections };
    }),
  );
}

let uniques = 0;

/** Directives as part of a key: arguments in name order; a @defer never equal to another. */
function directivesKey(directives: readonly DirectiveNode[] | undefined): string {
  return (directives ?? []).map((d) => (d.name.value === 'defer' ? `@defer#${uniques++}` : `@${d.name.value}(${sortedArguments(d)})`)).join(' ');
}

function fragmentKey(typeCondition: GraphQLCompositeType | undefined): string {
  return typeCondition ? `... on ${typeCondition.name}` : '...';
}

function sortedArguments(directive: DirectiveNode): string {
  return [...(directive.arguments ?? [])]
    .sort((a, b) => a.name.value.localeCompare(b.name.value))
    .map((a) => `${a.name.value}: ${print(a.value)}`)
    .join(', ');
}

function compositeType(schema: GraphQLSchema, name: string): GraphQLCompositeType {
  const type = schema.getType(name);
  if (!type || !(isObjectType(type) || isAbstractType(type))) throw new Error(`Unknown composite type "${name}"`);
  return type;
}

/** A field of `parentType` as graphql-js's executor finds it, meta-fields included. */
export function fieldDefinition(schema: GraphQLSchema, parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parentType === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  const field = 'getFields' in parentType ? parentType.getFields()[name] : undefined;
  if (!field) throw new Error(`Cannot query field "${name}" on type "${parentType.name}".`);
  return field;
}

function possibleTypes(schema: GraphQLSchema, type: GraphQLCompositeType): readonly GraphQLObjectType[] {
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [type];
}

function intersects(schema: GraphQLSchema, a: GraphQLCompositeType, b: GraphQLCompositeType): boolean {
  const bTypes = possibleTypes(schema, b);
  return possibleTypes(schema, a).some((t) => bTypes.includes(t));
}
