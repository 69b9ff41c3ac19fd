import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** What an operation would cost to run, measured on its document before any subgraph is called. */
export interface OperationMeasure {
  /** Deepest field nesting; a root field is depth 1. */
  depth: number;
  /** Aliased fields, fragments counted once per spread. */
  aliases: number;
  /** Fields selected at the root (through fragments too). */
  rootFields: number;
  /** Each field 1, multiplied by the sizes of the list fields around it. */
  cost: number;
}

export interface MeasureOptions {
  /** Size assumed for a list field that says neither how many items it wants nor which. */
  defaultListSize: number;
  /**
   * Told when a list's size is read from a variable: the measure then depends on the request's
   * variables, not on the document alone (and cannot be reused for the next request).
   */
  onVariable?: (name: string) => void;
}

/** Arguments that bound a page of a list field. */
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last', 'limit']);
/**
 * Introspection (valid only at the root) is governed by its own switch, and GraphiQL's introspection
 * query is deeper than any operation: it counts as a root field but adds no depth or cost.
 */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/** A selection set's measure relative to where it sits (cost at multiplier 1; fields: at its own level). */
interface Part {
  depth: number;
  aliases: number;
  cost: number;
  fields: number;
}
const EMPTY: Part = { depth: 0, aliases: 0, cost: 0, fields: 0 };

/**
 * Walks the operation once. Cost is linear in the multiplier, so each fragment is measured once
 * (memoised) and scaled where it is spread: a document that spreads fragments into each other
 * cannot make the walk itself exponential. A fragment spread inside itself (a cycle, which
 * validation rejects) counts as empty rather than looping.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  options: MeasureOptions,
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  const memo = new Map<string, Part>();
  const inProgress = new Set<string>();

  function measureSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): Part {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      let part: Part;
      if (selection.kind === Kind.FIELD) {
        part = measureField(selection, parent);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        part = measureSet(selection.selectionSet, type ?? undefined);
      } else {
        part = measureFragment(selection.name.value);
      }
      if (part.depth > depth) depth = part.depth;
      aliases += part.aliases;
      cost += part.cost;
      fields += part.fields;
    }
    return { depth, aliases, cost, fields };
  }

  function measureFragment(name: string): Part {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const part = measureSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined);
    inProgress.delete(name);
    memo.set(name, part);
    return part;
  }

  function measureField(node: FieldNode, parent: GraphQLNamedType | undefined): Part {
    const field = fieldOf(parent, node.name.value);
    const aliased = node.alias ? 1 : 0;
    if (INTROSPECTION_ROOTS.has(node.name.value)) return { depth: 0, aliases: aliased, cost: 0, fields: 1 };
    if (!node.selectionSet) return { depth: 1, aliases: aliased, cost: 1, fields: 1 };
    const children = measureSet(node.selectionSet, field ? getNamedType(field.type) : undefined);
    const size = field && isListType(getNullableType(field.type)) ? listSize(node, field) : 1;
    return { depth: children.depth + 1, aliases: children.aliases + aliased, cost: 1 + size * children.cost, fields: 1 };
  }

  function listSize(node: FieldNode, field: GraphQLField<unknown, unknown>): number {
    let keys = -1;
    for (const argument of node.arguments ?? []) {
      const name = argument.name.value;
      if (PAGE_SIZE_ARGUMENTS.has(name)) {
        const size = valueOf(argument.value);
        if (typeof size === 'number' && Number.isFinite(size) && size >= 0) return Math.ceil(size);
        continue;
      }
      // A list of identifiers asks for one item per identifier.
      const definition = field.args.find((arg) => arg.name === name);
      if (!definition || !isIdList(definition.type)) continue;
      const value = valueOf(argument.value);
      if (Array.isArray(value) && value.length > keys) keys = value.length;
    }
    if (keys >= 0) return keys;
    // A page size the schema defaults (`accessLog(last: Int = 50)`) when the operation gives none.
    for (const arg of field.args) {
      if (PAGE_SIZE_ARGUMENTS.has(arg.name) && typeof arg.defaultValue === 'number' && arg.defaultValue >= 0) return arg.defaultValue;
    }
    return options.defaultListSize;
  }

  /** A literal or variable value, as far as its size goes: numbers and lists (of anything). */
  function valueOf(value: ValueNode): unknown {
    switch (value.kind) {
      case Kind.INT:
        return Number(value.value);
      case Kind.LIST:
        return value.values;
      case Kind.VARIABLE: {
        const name = value.name.value;
        options.onVariable?.(name);
        if (variables && Object.hasOwn(variables, name)) return variables[name];
        const fallback = defaults.get(name);
        return fallback && fallback.kind !== Kind.VARIABLE ? valueOf(fallback) : undefined;
      }
      default:
        return undefined;
    }
  }

  const root = measureSet(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
  return { depth: root.depth, aliases: root.aliases, rootFields: root.fields, cost: root.cost };
}

function fieldOf(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name];
}

function isIdList(type: Parameters<typeof getNullableType>[0]): boolean {
  const nullable = getNullableType(type);
  return isListType(nullable) && getNamedType(nullable).name === 'ID';
}
