import type { FetchNode } from '@apollo/query-planner';
import { getNamedType, Kind, parse, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type ValueNode } from 'graphql';
import { CACHEABLE_ENTITIES, KEYED_ROOT_FIELDS } from '../../common/entityCacheContract';
import { inspectSelection, type FetchShape } from './fetchShape';

/** A root fetch that asks one keyed root field (common/entityCacheContract.ts KEYED_ROOT_FIELDS) for one entity. */
export interface RootFieldShape extends FetchShape {
  /** Where the entity is in the answer's data (the field's alias, else its name). */
  responseKey: string;
  typename: string;
  /** For each key field, the argument's value: a literal, or the variable holding it. */
  key: ReadonlyArray<{ field: string; literal?: string; variable?: string }>;
}

const shapes = new WeakMap<FetchNode, RootFieldShape | null>();

/** The fetch's keyed root field, worked out once per FetchNode; null when it is not one (it is then sent as it is). */
export function rootFieldShape(fetch: FetchNode, schema: GraphQLSchema, ownedTypes: ReadonlySet<string>): RootFieldShape | null {
  let shape = shapes.get(fetch);
  if (shape === undefined) {
    shape = analyse(fetch, schema, ownedTypes);
    shapes.set(fetch, shape);
  }
  return shape;
}

function analyse(fetch: FetchNode, schema: GraphQLSchema, ownedTypes: ReadonlySet<string>): RootFieldShape | null {
  // Never a mutation (nor a subscription): only a query's answer is a read of what the key names.
  if (fetch.operationKind !== 'query' || fetch.requires) return null;
  const declared = KEYED_ROOT_FIELDS[fetch.serviceName as keyof typeof KEYED_ROOT_FIELDS];
  if (!declared) return null;
  const document = parse(fetch.operation, { noLocation: true });
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].kind !== Kind.OPERATION_DEFINITION || operations[0].operation !== 'query') return null;
  const root = operations[0].selectionSet.selections;
  const field = root.length === 1 && root[0].kind === Kind.FIELD && !root[0].directives?.length ? root[0] : undefined;
  const keyed = field && Object.hasOwn(declared, field.name.value) ? declared[field.name.value] : undefined;
  if (!field?.selectionSet || !keyed || !Object.hasOwn(CACHEABLE_ENTITIES, keyed.returns)) return null;
  // Exactly the key's arguments: `customer(email:)` or `customer(id:, email:)` is another question.
  const given = new Map((field.arguments ?? []).map((argument) => [argument.name.value, argument.value]));
  const keyFields = Object.entries(keyed.key);
  if (given.size !== keyFields.length) return null;
  const key: Array<{ field: string; literal?: string; variable?: string }> = [];
  for (const [keyField, argument] of keyFields) {
    const value: ValueNode | undefined = given.get(argument);
    if (value?.kind === Kind.VARIABLE) key.push({ field: keyField, variable: value.name.value });
    else if (value?.kind === Kind.STRING || value?.kind === Kind.INT) key.push({ field: keyField, literal: value.value });
    else return null;
  }
  // An answer is kept only when it shows the key it is for (EntityCache.root says why): without the key fields, never.
  const selected = new Set(field.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD && !selection.alias ? selection.name.value : '')));
  if (!keyFields.every(([keyField]) => selected.has(keyField))) return null;
  const type = schema.getType(keyed.returns);
  const fieldType = schema.getQueryType()?.getFields()[field.name.value]?.type;
  if (!type || !fieldType || getNamedType(fieldType).name !== keyed.returns) return null;
  const walk = inspectSelection(field.selectionSet, type as GraphQLCompositeType, schema, fragments, ownedTypes);
  return {
    bypass: walk.bypass,
    reachesOwned: walk.reachesOwned || ownedTypes.has(keyed.returns),
    selection: field.selectionSet,
    fragments,
    responseKey: field.alias?.value ?? field.name.value,
    typename: keyed.returns,
    key,
  };
}

/** The representation a keyed root read names (`{ __typename, id }`), from its arguments; undefined when a variable is missing or not a string. */
export function keyedRepresentation(shape: RootFieldShape, variables: Readonly<Record<string, unknown>>): Record<string, string> | undefined {
  const representation: Record<string, string> = { __typename: shape.typename };
  for (const { field, literal, variable } of shape.key) {
    const value = variable === undefined ? literal : variables[variable];
    if (typeof value !== 'string' || value === '') return undefined;
    representation[field] = value;
  }
  return representation;
}
