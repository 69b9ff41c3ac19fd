import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  Kind,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * The schema coordinates one operation touches: every type it reads or sends, Type.field for each
 * field it selects, Type.field.argument for each argument it passes, Input.field for input fields and
 * Enum.VALUE for enum values. A value the document writes out (a literal) counts exactly; one that
 * arrives in a variable cannot be seen without reading the variables, which usage reporting never does,
 * so every field of its input type and every value of its enum count. An enum the operation reads
 * counts all its values: any of them may be returned, so removing one is felt.
 */
export function operationCoordinates(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const coordinates = new Set<string>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const addWholeType = (type: GraphQLNamedType, seen = new Set<string>()) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    coordinates.add(type.name);
    if (isEnumType(type)) for (const value of type.getValues()) coordinates.add(`${type.name}.${value.name}`);
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        coordinates.add(`${type.name}.${field.name}`);
        addWholeType(getNamedType(field.type), seen);
      }
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) coordinates.add(root.name);

  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (!parent || !field || node.name.value.startsWith('__')) return;
      coordinates.add(`${parent.name}.${field.name}`);
      const type = getNamedType(field.type);
      if (isEnumType(type)) addWholeType(type);
      else coordinates.add(type.name);
    },
    Argument(node) {
      const argument = typeInfo.getArgument();
      const field = typeInfo.getFieldDef();
      const parent = typeInfo.getParentType();
      if (!argument) return;
      // Directive arguments (@include(if:)) are not the schema's own coordinates.
      if (field && parent && typeInfo.getDirective() === null) coordinates.add(`${parent.name}.${field.name}.${argument.name}`);
      if (node.value.kind === Kind.VARIABLE) addWholeType(getNamedType(argument.type));
      else coordinates.add(getNamedType(argument.type).name);
    },
    ObjectField(node) {
      const input = typeInfo.getParentInputType();
      const named = input && getNamedType(input);
      if (!named || !isInputObjectType(named)) return;
      const field = named.getFields()[node.name.value];
      if (!field) return;
      coordinates.add(`${named.name}.${field.name}`);
      const type = getNamedType(field.type);
      if (node.value.kind === Kind.VARIABLE) addWholeType(type);
      else coordinates.add(type.name);
    },
    EnumValue(node) {
      const type = typeInfo.getInputType();
      const named = type && getNamedType(type);
      if (named && isEnumType(named)) coordinates.add(`${named.name}.${node.value}`);
    },
    VariableDefinition(node) {
      const type = typeFromAST(schema, node.type as never);
      if (type) addWholeType(getNamedType(type));
    },
    InlineFragment(node) {
      const type = node.typeCondition && schema.getType(node.typeCondition.name.value);
      if (type) coordinates.add(type.name);
    },
    FragmentDefinition(node) {
      const type = schema.getType(node.typeCondition.name.value);
      if (type) coordinates.add(type.name);
    },
  });
  // The operation, then each fragment it spreads (once, however often it is spread).
  const visited = new Set<string>();
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [operation];
  while (pending.length > 0) {
    const node = pending.pop()!;
    visit(node, visitor);
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (fragment && !visited.has(name)) {
          visited.add(name);
          pending.push(fragment);
        }
      },
    });
  }
  return [...coordinates].sort();
}
