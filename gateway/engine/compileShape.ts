import {
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isSpecifiedScalarType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  typeFromAST,
  valueFromAST,
  valueFromASTUntyped,
  type DirectiveNode,
  type GraphQLInputType,
  type GraphQLLeafType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { fieldNode, type OperationSelections, type Selection } from './selections';
import type { CompiledShape, IfArgument, Shape, TypeShape } from './shape';

/**
 * The response shaper of one operation, compiled once per plan from its selections as read from the
 * client's graphql-js document (selections.ts) against the API schema: each selection set becomes a
 * list of plain objects, a named fragment's once however often it is spread, leaf values checked by
 * a test chosen per type, @skip/@include/@defer reduced to a constant or a variable's name.
 * `withDefer`: @defer fragments are compiled as such (the selections must be forDefer's), else they
 * are plain fragments.
 */
export function compileShape(schema: GraphQLSchema, operation: OperationSelections & { operation: OperationDefinitionNode }, withDefer = false): CompiledShape {
  const seen = new Map<Selection[], Shape[]>();
  const compileSet = (selections: Selection[]): Shape[] => {
    let shapes = seen.get(selections);
    if (shapes) return shapes;
    shapes = [];
    seen.set(selections, shapes); // before recursing: a fragment used twice is compiled once
    for (const selection of selections) {
      if (selection.kind === 'field') {
        const directives = selection.node.directives;
        const name = selection.node.name.value;
        const introspection = selection.definition === SchemaMetaFieldDef || selection.definition === TypeMetaFieldDef ? fieldNode(selection) : undefined;
        const typename = name === '__typename';
        const type = introspection || typename ? LEAF_ANY : compileType(schema, selection.definition.type, selection.selections, compileSet);
        const leafBase = !selection.selections;
        const inherited = selection.responseName in Object.prototype;
        shapes.push({ field: true, responseName: selection.responseName, skip: ifArgument(directives, 'skip'), include: ifArgument(directives, 'include'), introspection, typename, type, leafBase, inherited });
      } else {
        const { directives } = selection;
        const label = withDefer ? deferLabel(directives) : undefined;
        const defer = label === undefined ? undefined : { label, if: ifArgument(directives, 'defer') };
        const skip = ifArgument(directives, 'skip');
        const include = ifArgument(directives, 'include');
        shapes.push({ field: false, skip, include, typeCondition: selection.typeCondition, applies: new Map(), selections: compileSet(selection.selections), defer });
      }
    }
    return shapes;
  };
  return { schema, rootType: operation.rootType, selections: compileSet(operation.selections), defaults: variableDefaults(schema, operation.operation) };
}

const LEAF_ANY: TypeShape = { kind: 'leaf', name: '', valid: () => true };

/** The first such directive's `if:` (`@defer(if: true)`: as if no `if:`). */
function ifArgument(directives: readonly DirectiveNode[] | undefined, name: string): IfArgument | undefined {
  const directive = directives?.find((d) => d.name.value === name);
  if (!directive) return undefined;
  const value = directive.arguments?.find((a) => a.name.value === 'if')?.value;
  if (!value) return name === 'defer' ? undefined : true;
  if (value.kind === Kind.VARIABLE) return value.name.value;
  const constant = value.kind === Kind.BOOLEAN && value.value;
  return name === 'defer' && constant ? undefined : constant;
}

function deferLabel(directives: readonly DirectiveNode[]): string | undefined {
  const label = directives.find((d) => d.name.value === 'defer')?.arguments?.find((a) => a.name.value === 'label')?.value;
  return label?.kind === Kind.STRING ? label.value : undefined;
}

function variableDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const defaults: Record<string, unknown> = Object.create(null);
  for (const { variable, type, defaultValue } of operation.variableDefinitions ?? []) {
    if (!defaultValue) continue;
    const inputType = typeFromAST(schema, type);
    defaults[variable.name.value] = inputType ? valueFromAST(defaultValue, inputType as GraphQLInputType) : valueFromASTUntyped(defaultValue);
  }
  return defaults;
}

function compileType(schema: GraphQLSchema, type: GraphQLOutputType, selections: Selection[] | undefined, compileSet: (selections: Selection[]) => Shape[]): TypeShape {
  if (isNonNullType(type)) return { kind: 'nonNull', ofType: compileType(schema, type.ofType, selections, compileSet), ofTypeName: String(type.ofType) };
  if (isListType(type)) return { kind: 'list', ofType: compileType(schema, type.ofType, selections, compileSet), name: String(type) };
  if (isCompositeType(type)) return { kind: 'composite', name: type.name, type, selections: selections ? compileSet(selections) : [] };
  return { kind: 'leaf', name: type.name, valid: leafValidator(type) };
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** isValidLeafValue of federation-internals (what stock checks leaves with), decided once per type. */
function leafValidator(type: GraphQLLeafType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const values = new Set(type.getValues().map((v) => v.name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  if (!isSpecifiedScalarType(type)) return () => true; // a custom scalar's values are its own business
  const name = type.name;
  const intLike = name === 'Int' || name === 'ID';
  return (value) => {
    if (typeof value === 'boolean') return name === 'Boolean';
    if (typeof value === 'number' && isFinite(value)) return intLike ? INTEGER.test(String(value)) : name === 'Float';
    if (typeof value === 'string') return name !== 'Boolean' && name !== 'Int' && name !== 'Float';
    return false;
  };
}

