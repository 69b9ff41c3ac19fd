import {
  Kind,
  parse,
  type DirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';

/**
 * Which subgraph resolves which field, read from the join__ annotations of a supergraph SDL
 * (https://specs.apollo.dev/join). Reading the supergraph rather than the subgraph SDLs means the base
 * commit (which only keeps the supergraph) and the new composition are read the same way.
 */
export interface FieldOwnership {
  /** Subgraphs that resolve the field themselves: not @external, not overridden, not merely a @key field. */
  owners: string[];
  /** Subgraph → the subgraph its @override(from:) takes the field from. */
  overrides: Map<string, string>;
  /** The named type the field returns. */
  returnType: string;
}

export interface TypeOwnership {
  name: string;
  /** Every subgraph declaring the type. */
  graphs: string[];
  /** Whether some subgraph declares a @key on it. */
  isEntity: boolean;
  fields: Map<string, FieldOwnership>;
}

export interface Ownership {
  types: Map<string, TypeOwnership>;
  rootTypes: Set<string>;
}

interface JoinType {
  graph: string;
  keyFields: Set<string>;
}

interface JoinField {
  graph?: string;
  external: boolean;
  override?: string;
  overrideLabel?: string;
  usedOverridden: boolean;
}

export function readOwnership(supergraphSdl: string | DocumentNode): Ownership {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const graphNames = readGraphNames(document);
  const graph = (value: string | undefined) => (value === undefined ? undefined : graphNames.get(value) ?? value.toLowerCase());
  const types = new Map<string, TypeOwnership>();
  const rootTypes = new Set<string>(['Query', 'Mutation', 'Subscription']);

  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION) {
      rootTypes.clear();
      for (const operation of definition.operationTypes) rootTypes.add(operation.type.name.value);
      continue;
    }
    if (!('name' in definition) || !definition.name || !('directives' in definition)) continue;
    const joinTypes: JoinType[] = (definition.directives ?? [])
      .filter((d) => d.name.value === 'join__type')
      .map((d) => ({ graph: graph(stringArg(d, 'graph')) ?? '', keyFields: keyFieldsOf(stringArg(d, 'key')) }));
    if (joinTypes.length === 0) continue;
    const typeGraphs = [...new Set(joinTypes.map((j) => j.graph))];
    const fields = new Map<string, FieldOwnership>();
    const fieldNodes: readonly FieldDefinitionNode[] =
      definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION
        ? definition.fields ?? []
        : [];
    for (const field of fieldNodes) {
      fields.set(field.name.value, fieldOwnership(field, typeGraphs, joinTypes, graph));
    }
    types.set(definition.name.value, {
      name: definition.name.value,
      graphs: typeGraphs,
      isEntity: (definition.directives ?? []).some((d) => d.name.value === 'join__type' && stringArg(d, 'key') !== undefined),
      fields,
    });
  }
  return { types, rootTypes };
}

function fieldOwnership(
  field: FieldDefinitionNode,
  typeGraphs: string[],
  joinTypes: JoinType[],
  graph: (value: string | undefined) => string | undefined,
): FieldOwnership {
  const joins: JoinField[] = (field.directives ?? [])
    .filter((d) => d.name.value === 'join__field' && stringArg(d, 'graph') !== undefined)
    .map((d) => ({
      graph: graph(stringArg(d, 'graph')),
      external: booleanArg(d, 'external'),
      override: stringArg(d, 'override'),
      overrideLabel: stringArg(d, 'overrideLabel'),
      usedOverridden: booleanArg(d, 'usedOverridden'),
    }));
  // No join__field at all: every subgraph declaring the type resolves the field.
  let owners = joins.length === 0 ? [...typeGraphs] : joins.filter((j) => !j.external && !j.usedOverridden).map((j) => j.graph!);
  // A progressive override (with a label) keeps both subgraphs serving; a plain one retires the old owner.
  const retired = new Set(joins.filter((j) => j.override && !j.overrideLabel).map((j) => j.override!));
  owners = owners.filter((o) => !retired.has(o));
  // Key fields are how subgraphs refer to an entity, not copies of it.
  owners = owners.filter((o) => !joinTypes.some((j) => j.graph === o && j.keyFields.has(field.name.value)));
  const overrides = new Map<string, string>();
  for (const j of joins) if (j.override && j.graph) overrides.set(j.graph, j.override);
  return { owners: [...new Set(owners)].sort(), overrides, returnType: namedType(field.type) };
}

/**
 * Subgraphs a coordinate belongs to: a field's owners, else every subgraph declaring the type. A field the
 * supergraph does not have (removed, or not yet added) belongs to none: ask the other supergraph.
 */
export function subgraphsOf(ownership: Ownership, coordinate: string | undefined): string[] {
  if (!coordinate) return [];
  const [typeName, memberName] = coordinate.split('.');
  const type = ownership.types.get(typeName);
  if (!type) return [];
  const graphs = [...type.graphs].sort();
  if (!memberName) return graphs;
  const field = type.fields.get(memberName);
  if (field) return field.owners.length > 0 ? field.owners : graphs;
  // Enum values and input fields are not tracked one by one: they belong to the type's subgraphs.
  return type.fields.size === 0 ? graphs : [];
}

function readGraphNames(document: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const joinGraph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = joinGraph && stringArg(joinGraph, 'name');
      if (name) names.set(value.name.value, name);
    }
  }
  return names;
}

/** The top-level fields of a @key field set, e.g. "id" or "id organization { id }" → id, organization. */
function keyFieldsOf(fieldSet: string | undefined): Set<string> {
  if (!fieldSet) return new Set();
  const selection = parse(`{ ${fieldSet} }`).definitions[0];
  if (selection.kind !== Kind.OPERATION_DEFINITION) return new Set();
  return new Set(selection.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])));
}

function stringArg(directive: DirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value && (value.kind === Kind.STRING || value.kind === Kind.ENUM) ? value.value : undefined;
}

function booleanArg(directive: DirectiveNode, name: string): boolean {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.BOOLEAN && value.value;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}
