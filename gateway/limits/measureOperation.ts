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
import { costDirectivesOf, type CostDirectives, type ListSize } from './directiveCost';

/** What an operation would cost to run, measured on its document before any subgraph is called. */
export interface OperationMeasure {
  /** Deepest field nesting; a root field is depth 1. */
  depth: number;
  /** Aliased fields, fragments counted once per spread. */
  aliases: number;
  /** Fields selected at the root (through fragments too). */
  rootFields: number;
  /** Each field 1 (or its @cost), multiplied by the sizes of the list fields around it. */
  cost: number;
  /** Why the cost cannot be measured: a field whose @listSize requires one slicing argument got none or several. */
  slicingProblem?: string;
}

export interface MeasureOptions {
  /** Size assumed for a list field that says neither how many items it wants nor which. */
  defaultListSize: number;
  /**
   * Told when a list's size is read from a variable: the measure then depends on the request's
   * variables, not on the document alone (and cannot be reused for the next request).
   */
  onVariable?: (name: string) => void;
  /**
   * How many nested lists of assumed size (`defaultListSize`) multiply along one path; a list of
   * assumed size deeper than that counts as one item (docs/federation.md, Authorization and cost
   * directives). Lists whose size the operation or the schema gives always multiply. Default: all.
   */
  assumedListNesting?: number;
  /** The supergraph's @cost/@listSize; default: those registered for `schema` (directiveCost.ts). */
  costDirectives?: CostDirectives;
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
  const directives = options.costDirectives ?? costDirectivesOf(schema);
  const nesting = options.assumedListNesting ?? Infinity;
  let slicingProblem: string | undefined;

  /** Where a selection set sits: lists of assumed size above it, and the size @listSize(sizedFields) gives some of its fields. */
  interface Place {
    assumed: number;
    sized?: { fields: readonly string[]; size: number };
  }
  const TOP: Place = { assumed: 0 };

  function measureSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, place: Place): Part {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      let part: Part;
      if (selection.kind === Kind.FIELD) {
        part = measureField(selection, parent, place);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        part = measureSet(selection.selectionSet, type ?? undefined, place);
      } else {
        part = measureFragment(selection.name.value, place);
      }
      if (part.depth > depth) depth = part.depth;
      aliases += part.aliases;
      cost += part.cost;
      fields += part.fields;
    }
    return { depth, aliases, cost, fields };
  }

  function measureFragment(name: string, place: Place): Part {
    const key = `${name}\0${Math.min(place.assumed, nesting)}\0${place.sized ? `${place.sized.fields.join()}:${place.sized.size}` : ''}`;
    const known = memo.get(key);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const part = measureSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, place);
    inProgress.delete(name);
    memo.set(key, part);
    return part;
  }

  function measureField(node: FieldNode, parent: GraphQLNamedType | undefined, place: Place): Part {
    const field = fieldOf(parent, node.name.value);
    const aliased = node.alias ? 1 : 0;
    if (INTROSPECTION_ROOTS.has(node.name.value)) return { depth: 0, aliases: aliased, cost: 0, fields: 1 };
    const coordinate = parent && field ? `${parent.name}.${field.name}` : undefined;
    const weight = coordinate ? weightOf(node, coordinate, field!) : 1;
    const declared = coordinate ? directives?.listSizes.get(coordinate) : undefined;
    const sliced = declared && field ? declaredSize(node, declared, coordinate!) : undefined;
    if (!node.selectionSet) return { depth: 1, aliases: aliased, cost: weight * (sliced ?? 1), fields: 1 };
    const isList = !!field && isListType(getNullableType(field.type));
    let size = 1;
    let assumed = place.assumed;
    const given = place.sized?.fields.includes(node.name.value) ? place.sized.size : undefined;
    if (isList && given !== undefined) size = given;
    else if (isList && sliced !== undefined && !declared?.sizedFields?.length) size = sliced;
    else if (isList) {
      const static_ = listSize(node, field!);
      size = static_.assumed && place.assumed >= nesting ? 1 : static_.size;
      if (static_.assumed) assumed += 1;
    }
    const inner: Place = { assumed, sized: sliced !== undefined && declared?.sizedFields?.length ? { fields: declared.sizedFields, size: sliced } : undefined };
    const children = measureSet(node.selectionSet, field ? getNamedType(field.type) : undefined, inner);
    return { depth: children.depth + 1, aliases: children.aliases + aliased, cost: weight + size * children.cost, fields: 1 };
  }

  /** The field's @cost, else that of the type it returns, else 1; plus the @cost of each argument given. */
  function weightOf(node: FieldNode, coordinate: string, field: GraphQLField<unknown, unknown>): number {
    if (!directives) return 1;
    let weight = directives.weights.get(coordinate) ?? directives.weights.get(getNamedType(field.type).name) ?? 1;
    for (const argument of node.arguments ?? []) weight += directives.weights.get(`${coordinate}(${argument.name.value}:)`) ?? 0;
    return weight;
  }

  /** A @listSize field's size: the largest slicing argument given, else its assumedSize; undefined: the static rules decide. */
  function declaredSize(node: FieldNode, declared: ListSize, coordinate: string): number | undefined {
    const slicing = declared.slicingArguments ?? [];
    const given = (node.arguments ?? []).filter((argument) => slicing.includes(argument.name.value));
    if (slicing.length && declared.requireOneSlicingArgument && given.length !== 1) {
      slicingProblem ??= `${coordinate} needs exactly one of its slicing arguments (${slicing.join(', ')}), got ${given.length}`;
    }
    let size: number | undefined;
    for (const argument of given) {
      const value = valueOf(argument.value);
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) size = Math.max(size ?? 0, Math.ceil(value));
    }
    return size ?? declared.assumedSize ?? undefined;
  }

  /** A list's size from its page-size arguments, its id list, or the schema's default page size; `assumed` when none says. */
  function listSize(node: FieldNode, field: GraphQLField<unknown, unknown>): { size: number; assumed: boolean } {
    let keys = -1;
    for (const argument of node.arguments ?? []) {
      const name = argument.name.value;
      if (PAGE_SIZE_ARGUMENTS.has(name)) {
        const size = valueOf(argument.value);
        if (typeof size === 'number' && Number.isFinite(size) && size >= 0) return { size: Math.ceil(size), assumed: false };
        continue;
      }
      // A list of identifiers asks for one item per identifier.
      const definition = field.args.find((arg) => arg.name === name);
      if (!definition || !isIdList(definition.type)) continue;
      const value = valueOf(argument.value);
      if (Array.isArray(value) && value.length > keys) keys = value.length;
    }
    if (keys >= 0) return { size: keys, assumed: false };
    // A page size the schema defaults (`accessLog(last: Int = 50)`) when the operation gives none.
    for (const arg of field.args) {
      if (PAGE_SIZE_ARGUMENTS.has(arg.name) && typeof arg.defaultValue === 'number' && arg.defaultValue >= 0) return { size: arg.defaultValue, assumed: false };
    }
    return { size: options.defaultListSize, assumed: true };
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

  const root = measureSet(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, TOP);
  return { depth: root.depth, aliases: root.aliases, rootFields: root.fields, cost: root.cost, ...(slicingProblem ? { slicingProblem } : {}) };
}

function fieldOf(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name];
}

function isIdList(type: Parameters<typeof getNullableType>[0]): boolean {
  const nullable = getNullableType(type);
  return isListType(nullable) && getNamedType(nullable).name === 'ID';
}
