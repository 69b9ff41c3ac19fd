import { Kind, type ConstDirectiveNode, type FieldDefinitionNode, type TypeNode } from 'graphql';
import type { SubgraphFile } from './subgraphFiles';

/** What the event-coverage rules read from one subgraph's SDL: its mutations, its types' fields and @keys. */

export interface EntityKey {
  fields: string[];
  resolvable: boolean;
}

/** The named type under any list and non-null wrappers: `[Order!]!` is Order. */
export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** Every field the subgraph declares on a type, over its definition and extensions. */
export function fieldsOf(file: SubgraphFile, typeName: string): FieldDefinitionNode[] {
  const fields: FieldDefinitionNode[] = [];
  for (const definition of file.document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (definition.name.value === typeName) fields.push(...(definition.fields ?? []));
  }
  return fields;
}

/** Whether the subgraph declares the type at all. */
export function declares(file: SubgraphFile, typeName: string): boolean {
  return file.document.definitions.some((d) => 'name' in d && d.name?.value === typeName && d.kind !== Kind.DIRECTIVE_DEFINITION);
}

/** The type's @key directives in this subgraph: their fields (top-level names) and whether the subgraph resolves them. */
export function keysOf(file: SubgraphFile, typeName: string): EntityKey[] {
  const keys: EntityKey[] = [];
  for (const definition of file.document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    if (definition.name.value !== typeName) continue;
    for (const directive of definition.directives ?? []) {
      if (directive.name.value === 'key') keys.push(readKey(directive));
    }
  }
  return keys;
}

/** Whether this subgraph resolves the entity itself (a @key without `resolvable: false`), so its fields hold its data. */
export function resolvesEntity(file: SubgraphFile, typeName: string): boolean {
  return keysOf(file, typeName).some((key) => key.resolvable);
}

function readKey(directive: ConstDirectiveNode): EntityKey {
  let fields: string[] = [];
  let resolvable = true;
  for (const argument of directive.arguments ?? []) {
    if (argument.name.value === 'fields' && argument.value.kind === Kind.STRING) {
      // Only flat keys are cacheable by name: a nested key ("id owner { id }") never matches a flat list.
      fields = argument.value.value.includes('{') ? [argument.value.value.trim()] : argument.value.value.trim().split(/[\s,]+/);
    }
    if (argument.name.value === 'resolvable' && argument.value.kind === Kind.BOOLEAN) resolvable = argument.value.value;
  }
  return { fields, resolvable };
}
