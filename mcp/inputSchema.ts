import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  typeFromAST,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ToolFile, ToolProblem } from './toolFile';

/** The subset of JSON Schema the tools' input schemas use. */
export interface JsonSchema {
  type?: string;
  description?: string;
  enum?: string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  minProperties?: number;
  maxProperties?: number;
  default?: unknown;
}

/** A variable `$has_<name>: Boolean!` is no argument: the server sets it to whether `<name>` was given. */
export const GUARD_PREFIX = 'has_';

export interface ToolInput {
  schema: JsonSchema & { type: 'object'; properties: Record<string, JsonSchema> };
  /** Arguments with a `$has_<name>` guard the server fills in. */
  guarded: string[];
}

const INT_RANGE = { minimum: -2147483648, maximum: 2147483647 };
const CUSTOM_SCALARS: Record<string, JsonSchema> = {
  DateTime: { type: 'string', format: 'date-time' },
  Date: { type: 'string', format: 'date' },
};

/**
 * The tool's input schema from the operation's variable definitions: non-null without a default is required,
 * a default is shown, enums list their values, input objects nest. Guard variables are hidden, and the
 * argument they guard is optional (its default only satisfies GraphQL's typing, so it is not shown).
 */
export function buildToolInput(apiSchema: GraphQLSchema, file: ToolFile): { input?: ToolInput; problems: ToolProblem[] } {
  const problems: ToolProblem[] = [];
  const problem = (message: string, line?: number) => problems.push({ file: file.path, line, message });
  const definitions = file.operation.variableDefinitions ?? [];
  const names = new Set(definitions.map((d) => d.variable.name.value));
  const usage = argumentDescriptions(apiSchema, file.operation);

  const guarded: string[] = [];
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    if (!name.startsWith(GUARD_PREFIX)) continue;
    const target = name.slice(GUARD_PREFIX.length);
    const line = definition.loc?.startToken.line;
    if (!names.has(target)) problem(`$${name} guards $${target}, which the operation does not declare`, line);
    else if (!isNonNullType(typeFromAST(apiSchema, definition.type)) || getNamedType(typeFromAST(apiSchema, definition.type))?.name !== 'Boolean') {
      problem(`$${name} is a guard: declare it as Boolean!`, line);
    } else guarded.push(target);
  }

  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    if (name.startsWith(GUARD_PREFIX)) continue;
    const line = definition.loc?.startToken.line;
    const type = typeFromAST(apiSchema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue; // validation against the schema reports the unknown type
    const isGuarded = guarded.includes(name);
    if (isGuarded && isNonNullType(type) && !definition.defaultValue) {
      problem(`$${name} is guarded by $${GUARD_PREFIX}${name}, so it may be left out: make it nullable or give it a default`, line);
    }
    const description = file.params.get(name) ?? usage.get(name) ?? namedTypeDescription(type);
    if (!description) {
      problem(`$${name} has no description: the schema's argument has none, so add "# @param ${name}: <description>"`, line);
    }
    const property = jsonSchemaOf(type, description);
    if (definition.defaultValue && !isGuarded) property.default = valueFromASTUntyped(definition.defaultValue);
    properties[name] = property;
    if (isNonNullType(type) && !definition.defaultValue && !isGuarded) required.push(name);
  }
  for (const param of file.params.keys()) {
    if (!names.has(param) || param.startsWith(GUARD_PREFIX)) problem(`@param ${param} names no argument of the operation`);
  }

  const schema: ToolInput['schema'] = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  if (file.oneOf) {
    if (required.length > 0) problem(`@oneOf needs every argument optional, but ${required.join(', ')} ${required.length > 1 ? 'are' : 'is'} required`);
    schema.minProperties = 1;
    schema.maxProperties = 1;
    schema.description = `Give exactly one of: ${Object.keys(properties).join(', ')}.`;
  }
  return problems.length > 0 ? { problems } : { input: { schema, guarded }, problems };
}

export function jsonSchemaOf(type: GraphQLInputType, description?: string, seen: string[] = []): JsonSchema {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return withDescription({ type: 'array', items: jsonSchemaOf(inner.ofType, undefined, seen) }, description);
  if (isEnumType(inner)) return enumSchema(inner, description);
  if (isInputObjectType(inner)) return objectSchema(inner, description, seen);
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'ID':
      case 'String':
        return withDescription({ type: 'string' }, description);
      case 'Int':
        return withDescription({ type: 'integer', ...INT_RANGE }, description);
      case 'Float':
        return withDescription({ type: 'number' }, description);
      case 'Boolean':
        return withDescription({ type: 'boolean' }, description);
    }
    const known = CUSTOM_SCALARS[inner.name];
    return withDescription(known ? { ...known } : {}, description ?? inner.description ?? undefined);
  }
  return withDescription({}, description);
}

function enumSchema(type: GraphQLEnumType, description?: string): JsonSchema {
  const values = type.getValues();
  const explained = values.filter((v) => v.description).map((v) => `${v.name}: ${v.description}`);
  const text = [description ?? type.description ?? '', explained.length > 0 ? `Values: ${explained.join(' ')}` : '']
    .filter(Boolean)
    .join('\n');
  return withDescription({ type: 'string', enum: values.map((v) => v.name) }, text || undefined);
}

function objectSchema(type: GraphQLInputObjectType, description: string | undefined, seen: string[]): JsonSchema {
  const text = description ?? type.description ?? undefined;
  // A recursive input type would nest forever; below its first level it is described, not expanded.
  if (seen.includes(type.name)) return withDescription({ type: 'object' }, `${text ?? type.name} (same shape as above)`);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of Object.values(type.getFields())) {
    const property = jsonSchemaOf(field.type, field.description ?? undefined, [...seen, type.name]);
    if (field.defaultValue !== undefined) property.default = field.defaultValue;
    properties[field.name] = property;
    if (isNonNullType(field.type) && field.defaultValue === undefined) required.push(field.name);
  }
  const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  return withDescription(schema, text);
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  return description ? { ...schema, description } : schema;
}

function namedTypeDescription(type: GraphQLInputType): string | undefined {
  const named = getNamedType(type);
  return isInputObjectType(named) ? (named.description ?? undefined) : undefined;
}

/** Where a variable is passed straight to an argument or input field, that one's schema description. */
function argumentDescriptions(schema: GraphQLSchema, operation: OperationDefinitionNode): Map<string, string> {
  const found = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const description = typeInfo.getArgument()?.description;
        if (node.value.kind === Kind.VARIABLE && description && !found.has(node.value.name.value)) {
          found.set(node.value.name.value, description);
        }
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const owner = parent && getNamedType(parent);
        const description = isInputObjectType(owner) ? owner.getFields()[node.name.value]?.description : undefined;
        if (node.value.kind === Kind.VARIABLE && description && !found.has(node.value.name.value)) {
          found.set(node.value.name.value, description);
        }
      },
    }),
  );
  return found;
}
