import {
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The response paths (dot-separated response keys, list indexes left out) at which a validated
 * operation's result holds a list: what `@keepLast` may name.
 */
export function listPaths(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const root = schema.getRootType(operation.operation);
  const found = new Set<string>();
  if (root) collect(schema, operation.selectionSet, root, [], fragments, found, new Set());
  return found;
}

function collect(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  prefix: string[],
  fragments: Map<string, FragmentDefinitionNode>,
  found: Set<string>,
  spreading: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const path = [...prefix, selection.alias?.value ?? selection.name.value];
      const type = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (isListType(type)) found.add(path.join('.'));
      if (selection.selectionSet) collect(schema, selection.selectionSet, getNamedType(field.type), path, fragments, found, spreading);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (type) collect(schema, selection.selectionSet, type, prefix, fragments, found, spreading);
    } else {
      const fragment = fragments.get(selection.name.value);
      const type = fragment && schema.getType(fragment.typeCondition.name.value);
      if (!fragment || !type || spreading.has(fragment.name.value)) continue;
      collect(schema, fragment.selectionSet, type, prefix, fragments, found, new Set([...spreading, fragment.name.value]));
    }
  }
}
