// Derived from Apollo's @apollo/gateway (Copyright 2021 Apollo Graph, Inc.), Elastic License 2.0: see NOTICE.md in this folder.
import {
  ERRORS,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  typenameFieldName,
  Variable,
  type CompositeType,
  type FieldSelection,
  type Operation,
  type OutputType,
  type Schema,
  type SelectionSet,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/**
 * The response shaper: the operation's selections compiled once per plan into plain objects, then
 * applied to the merged subgraph data on every request. It writes fields in the operation's order,
 * drops what only the plan needed (keys, __typename), checks leaf values and propagates nulls through
 * non-null fields. Its rules are those of @apollo/gateway's computeResponse (resultShaping.ts), so
 * answers, error messages and paths are the same byte for byte (test/engine/differential.test.ts);
 * only the per-request walk over federation's Operation objects is gone.
 */

/** `if:` of @skip/@include: a constant, or the name of a variable. */
type IfArgument = boolean | string;

interface FieldShape {
  field: true;
  responseName: string;
  skip?: IfArgument;
  include?: IfArgument;
  /** __schema / __type: answered by the gateway itself (see introspect). */
  introspection?: FieldSelection;
  typename: boolean;
  type: TypeShape;
  /** A scalar or enum under any wrappers: a value already written is final. */
  leafBase: boolean;
}

interface FragmentShape {
  field: false;
  skip?: IfArgument;
  include?: IfArgument;
  typeCondition?: CompositeType;
  selections: Shape[];
  /** @defer (compiled for incremental delivery only): its label as the planner normalised it, and its `if:`. */
  defer?: { label: string; if?: IfArgument };
}

/** A deferred fragment met while shaping: where, and on which object, its payload will be shaped once its data is in. */
export interface DeferredOccurrence {
  input: Record<string, any>;
  path: Path;
  parentType: CompositeType;
  selections: Shape[];
}

type Shape = FieldShape | FragmentShape;

type TypeShape =
  | { kind: 'nonNull'; ofType: TypeShape; ofTypeName: string }
  | { kind: 'list'; ofType: TypeShape; name: string }
  | { kind: 'composite'; name: string; type: CompositeType; selections: Shape[] }
  | { kind: 'leaf'; name: string; valid: (value: unknown) => boolean };

export interface CompiledShape {
  schema: Schema;
  rootType: CompositeType;
  selections: Shape[];
  /** Variable defaults of the operation, under the request's own values. */
  defaults: Record<string, unknown>;
}

/** `withDefer`: @defer fragments are compiled as such (the operation must be defer-normalised), else they are plain fragments. */
export function compileShape(operation: Operation, withDefer = false): CompiledShape {
  const schema = operation.schema();
  const seen = new Map<SelectionSet, Shape[]>();
  const compileSet = (set: SelectionSet): Shape[] => {
    let shapes = seen.get(set);
    if (shapes) return shapes;
    shapes = [];
    seen.set(set, shapes); // before recursing: a fragment used twice is compiled once
    for (const selection of set.selections()) {
      const element = selection.element;
      const skip = ifArgument(element.appliedDirectivesOf(schema.skipDirective())[0]);
      const include = ifArgument(element.appliedDirectivesOf(schema.includeDirective())[0]);
      if (selection.kind === 'FieldSelection') {
        const field = selection.element;
        const introspection = field.definition.isSchemaIntrospectionField() ? selection : undefined;
        const typename = field.name === typenameFieldName;
        const type = introspection || typename ? LEAF_ANY : compileType(schema, field.definition.type!, selection.selectionSet, compileSet);
        const leafBase = !selection.selectionSet;
        shapes.push({ field: true, responseName: field.responseName(), skip, include, introspection, typename, type, leafBase });
      } else {
        const deferArgs = withDefer ? selection.element.deferDirectiveArgs() : undefined;
        const defer = deferArgs?.label ? { label: deferArgs.label, if: deferArgs.if instanceof Variable ? deferArgs.if.name : deferArgs.if } : undefined;
        shapes.push({ field: false, skip, include, typeCondition: selection.element.typeCondition, selections: compileSet(selection.selectionSet), defer });
      }
    }
    return shapes;
  };
  return {
    schema,
    rootType: schema.schemaDefinition.rootType(operation.rootKind)!,
    selections: compileSet(operation.selectionSet),
    defaults: operation.collectDefaultedVariableValues(),
  };
}

const LEAF_ANY: TypeShape = { kind: 'leaf', name: '', valid: () => true };

function ifArgument(directive: { arguments(): { if: boolean | Variable } } | undefined): IfArgument | undefined {
  if (!directive) return undefined;
  const value = directive.arguments().if;
  return value instanceof Variable ? value.name : value;
}

function compileType(schema: Schema, type: OutputType, set: SelectionSet | undefined, compileSet: (set: SelectionSet) => Shape[]): TypeShape {
  if (isNonNullType(type)) return { kind: 'nonNull', ofType: compileType(schema, type.ofType, set, compileSet), ofTypeName: String(type.ofType) };
  if (isListType(type)) return { kind: 'list', ofType: compileType(schema, type.ofType, set, compileSet), name: String(type) };
  if (isCompositeType(type)) return { kind: 'composite', name: type.name, type, selections: set ? compileSet(set) : [] };
  return { kind: 'leaf', name: type.name, valid: leafValidator(schema, type) };
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** isValidLeafValue of federation-internals, decided once per type. */
function leafValidator(schema: Schema, type: OutputType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  if (isEnumType(type)) {
    const values = new Set(type.values.map((v) => v.name));
    return (value) => typeof value === 'string' && values.has(value);
  }
  const name = (type as { name: string }).name;
  const intLike = type === schema.intType() || type === schema.idType();
  return (value) => {
    if (typeof value === 'boolean') return type === schema.booleanType();
    if (typeof value === 'number' && isFinite(value)) return intLike ? INTEGER.test(String(value)) : type === schema.floatType();
    if (typeof value === 'string') return name !== 'Boolean' && name !== 'Int' && name !== 'Float';
    return false;
  };
}

type Path = Array<string | number>;

interface Run {
  shape: CompiledShape;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspect: (selection: FieldSelection) => unknown;
  subtype: Map<string, boolean>;
  /** Incremental delivery: deferred fragments are not written but recorded here. */
  record?: (label: string, occurrence: DeferredOccurrence) => void;
}

/** The response's data from the merged subgraph data, and the errors found shaping it. */
export function shapeResponse(
  shape: CompiledShape,
  input: Record<string, unknown> | null | undefined,
  variables: Record<string, unknown> | undefined,
  introspect: (selection: FieldSelection) => unknown,
  record?: Run['record'],
): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const run: Run = { shape, variables: { __proto__: null, ...shape.defaults, ...variables }, errors: [], introspect, subtype: new Map(), record };
  const data = Object.create(null) as Record<string, unknown>;
  const bubbled = applySelections(run, input, shape.selections, data, [], shape.rootType);
  return { data: bubbled ? null : data, errors: run.errors };
}

/** The data of one deferred fragment where it was met (a null bubbling up stops at the fragment: data null). */
export function shapeDeferred(
  shape: CompiledShape,
  occurrence: DeferredOccurrence,
  variables: Record<string, unknown> | undefined,
  introspect: (selection: FieldSelection) => unknown,
  record: Run['record'],
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  const run: Run = { shape, variables: { __proto__: null, ...shape.defaults, ...variables }, errors: [], introspect, subtype: new Map(), record };
  const data = Object.create(null) as Record<string, unknown>;
  const bubbled = applySelections(run, occurrence.input, occurrence.selections, data, [...occurrence.path], occurrence.parentType);
  return { data: bubbled ? null : data, errors: run.errors };
}

function skipped(s: Shape, variables: Record<string, unknown>): boolean {
  const value = (arg: IfArgument) => (typeof arg === 'boolean' ? arg : (variables[arg] as boolean));
  return (s.skip !== undefined && value(s.skip)) || (s.include !== undefined && !value(s.include));
}

/** True when a null must bubble up past this object. */
function applySelections(run: Run, input: Record<string, any>, shapes: Shape[], output: Record<string, any>, path: Path, parentType: CompositeType): boolean {
  for (const s of shapes) {
    if ((s.skip !== undefined || s.include !== undefined) && skipped(s, run.variables)) continue;
    if (s.field) {
      const name = s.responseName;
      const outputValue = output[name];
      if (s.introspection) {
        if (outputValue === undefined) output[name] = run.introspect(s.introspection);
        continue;
      }
      let inputValue = Object.prototype.hasOwnProperty.call(input, name) ? (input[name] ?? null) : null;
      if (s.typename) {
        if (outputValue !== undefined) continue;
        if (inputValue === null && name !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
        const type = inputValue !== null && typeof inputValue === 'string' ? (run.shape.schema.type(inputValue) ?? parentType) : parentType;
        if (!isObjectType(type)) return true;
        output[name] = type.name;
        continue;
      }
      path.push(name);
      const result = update(run, outputValue, s.type, inputValue, path, parentType, s.leafBase);
      output[name] = result.updated;
      path.pop();
      if (result.invalid) return true;
    } else {
      const typename = input[typenameFieldName] as string | undefined;
      if (s.defer && run.record && (s.defer.if === undefined || (typeof s.defer.if === 'boolean' ? s.defer.if : run.variables[s.defer.if]))) {
        if (typeConditionApplies(run, s.typeCondition, typename, parentType)) {
          run.record(s.defer.label, { input, path: [...path], parentType: s.typeCondition ?? parentType, selections: s.selections });
        }
        continue;
      }
      if (typeConditionApplies(run, s.typeCondition, typename, parentType)) {
        if (applySelections(run, input, s.selections, output, path, s.typeCondition ?? parentType)) return true;
      }
    }
  }
  return false;
}

function typeConditionApplies(run: Run, condition: CompositeType | undefined, typename: string | undefined, parentType: CompositeType): boolean {
  if (!condition) return true;
  const name = typename || parentType.name;
  const key = `${condition.name}\0${name}`;
  let applies = run.subtype.get(key);
  if (applies === undefined) {
    const type = typename ? run.shape.schema.type(typename) : parentType;
    applies = !!type && isSubtype(condition, type);
    run.subtype.set(key, applies);
  }
  return applies;
}

function describe(path: Path, typeName: string, parentType: CompositeType): string {
  const element = path[path.length - 1];
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${typeName} at index ${element}`;
}

interface Updated {
  updated: any;
  invalid?: boolean;
  hasErrors?: boolean;
}

function update(run: Run, outputValue: any, type: TypeShape, inputValue: any, path: Path, parentType: CompositeType, leafBase: boolean): Updated {
  if (outputValue === null || (outputValue !== undefined && leafBase)) return { updated: outputValue };
  switch (type.kind) {
    case 'nonNull': {
      const inner = update(run, outputValue, type.ofType, inputValue, path, parentType, leafBase);
      if (inner.updated !== null) return { updated: inner.updated };
      if (!inner.hasErrors) {
        run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${describe(path, type.ofTypeName, parentType)}.`, { path: [...path] }));
      }
      return { updated: null, invalid: true, hasErrors: true };
    }
    case 'list': {
      if (inputValue === null) return { updated: null };
      if (!Array.isArray(inputValue)) throw new Error(`Invalid non-list value ${inputValue} returned by subgraph for list type ${type.name}`);
      const previous: any[] | undefined = outputValue;
      let nullify = false;
      let hasErrors = false;
      const updated = new Array(inputValue.length);
      for (let i = 0; i < inputValue.length; i++) {
        path.push(i);
        const element = update(run, previous ? previous[i] : undefined, type.ofType, inputValue[i], path, parentType, leafBase);
        path.pop();
        nullify ||= !!element.invalid;
        hasErrors ||= !!element.hasErrors;
        updated[i] = element.updated;
      }
      return { updated: nullify ? null : updated, hasErrors };
    }
    case 'composite': {
      if (inputValue === null) return { updated: null };
      if (typeof inputValue !== 'object') throw new Error(`Invalid non-object value ${inputValue} returned by subgraph for composite type ${type.name}`);
      const typename = inputValue[typenameFieldName];
      let objectType = type.type;
      if (typename) {
        const runtime = run.shape.schema.type(typename);
        if (!runtime || !isCompositeType(runtime)) {
          // The API schema's types only: an @inaccessible type's name is never written in the message.
          run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${describe(path, type.name, parentType)}.`, { path: [...path] }));
          return { updated: null, hasErrors: true };
        }
        objectType = runtime;
      }
      const object = outputValue === undefined ? Object.create(null) : outputValue;
      const bubbled = applySelections(run, inputValue, type.selections, object, path, objectType);
      return { updated: bubbled ? null : object, hasErrors: bubbled };
    }
    case 'leaf': {
      if (inputValue === null) return { updated: null };
      const valid = type.valid(inputValue);
      if (!valid) run.errors.push(ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describe(path, type.name, parentType)}.`, { path: [...path] }));
      return { updated: valid ? inputValue : null, hasErrors: !valid };
    }
  }
}

/** The compiled shape as text (npm run plan): fields with their types, fragments with their conditions. */
export function printShape(shape: CompiledShape): string {
  const lines: string[] = [];
  const condition = (s: Shape) =>
    [s.skip !== undefined ? ` @skip(if: ${s.skip})` : '', s.include !== undefined ? ` @include(if: ${s.include})` : ''].join('');
  const typeName = (t: TypeShape): string =>
    t.kind === 'nonNull' ? `${typeName(t.ofType)}!` : t.kind === 'list' ? `[${typeName(t.ofType)}]` : t.name;
  const innermost = (t: TypeShape): TypeShape => (t.kind === 'nonNull' || t.kind === 'list' ? innermost(t.ofType) : t);
  const walk = (shapes: Shape[], depth: number, seen: Set<Shape[]>) => {
    const pad = '  '.repeat(depth);
    if (seen.has(shapes)) return void lines.push(`${pad}(fragment shown above)`);
    seen = new Set(seen).add(shapes);
    for (const s of shapes) {
      if (s.field) {
        const inner = innermost(s.type);
        const type = s.introspection ? 'introspection' : s.typename ? '__typename' : typeName(s.type);
        lines.push(`${pad}${s.responseName}: ${type}${condition(s)}`);
        if (inner.kind === 'composite') walk(inner.selections, depth + 1, seen);
      } else {
        lines.push(`${pad}... on ${s.typeCondition?.name ?? '(parent)'}${condition(s)}${s.defer ? ` @defer(label: ${s.defer.label})` : ''}`);
        walk(s.selections, depth + 1, seen);
      }
    }
  };
  lines.push(`${shape.rootType.name}`);
  walk(shape.selections, 1, new Set());
  return lines.join('\n');
}
