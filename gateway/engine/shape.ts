// Derived from Apollo's @apollo/gateway (Copyright 2021 Apollo Graph, Inc.), Elastic License 2.0: see NOTICE.md in this folder.
import { GraphQLError, isCompositeType, isObjectType, isTypeSubTypeOf, type FieldNode, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';

/**
 * The response shaper: the operation's selections (selections.ts, read from the client's document)
 * compiled once per plan into plain objects (compileShape.ts), then applied to the merged subgraph data on every
 * request. It writes fields in the operation's order, drops what only the plan needed (keys,
 * __typename), checks leaf values and propagates nulls through non-null fields. Its rules are those
 * of @apollo/gateway's computeResponse (resultShaping.ts), so answers, error messages and paths are
 * the same byte for byte (test/engine/differential.test.ts).
 */

/** `if:` of @skip/@include: a constant, or the name of a variable. */
export type IfArgument = boolean | string;

export interface FieldShape {
  field: true;
  responseName: string;
  skip?: IfArgument;
  include?: IfArgument;
  /** __schema / __type: answered by the gateway itself (see introspect), the field as graphql-js runs it. */
  introspection?: FieldNode;
  typename: boolean;
  type: TypeShape;
  /** A scalar or enum under any wrappers: a value already written is final. */
  leafBase: boolean;
  /** The response name is also a member of Object.prototype: read and written as an own property only (see write). */
  inherited: boolean;
}

export interface FragmentShape {
  field: false;
  skip?: IfArgument;
  include?: IfArgument;
  typeCondition?: GraphQLCompositeType;
  /** Whether the condition holds, by the object's type name: decided once per plan and type. */
  applies: Map<string, boolean>;
  selections: Shape[];
  /** @defer (compiled for incremental delivery only): its label as the planner normalised it, and its `if:`. */
  defer?: { label: string; if?: IfArgument };
}

/** A deferred fragment met while shaping: where, and on which object, its payload will be shaped once its data is in. */
export interface DeferredOccurrence {
  input: Record<string, any>;
  path: Path;
  parentType: GraphQLCompositeType;
  selections: Shape[];
}

export type Shape = FieldShape | FragmentShape;

export type TypeShape =
  | { kind: 'nonNull'; ofType: TypeShape; ofTypeName: string }
  | { kind: 'list'; ofType: TypeShape; name: string }
  | { kind: 'composite'; name: string; type: GraphQLCompositeType; selections: Shape[] }
  | { kind: 'leaf'; name: string; valid: (value: unknown) => boolean };

export interface CompiledShape {
  schema: GraphQLSchema;
  rootType: GraphQLCompositeType;
  selections: Shape[];
  /** Variable defaults of the operation, under the request's own values. */
  defaults: Record<string, unknown>;
}

/** A Condition node of the plan: its variable's value, else the operation's default for it (as @apollo/query-planner's evaluateCondition). */
export function conditionHolds(shape: CompiledShape, variable: string, values: Record<string, unknown> | undefined): boolean {
  let value = values && Object.prototype.hasOwnProperty.call(values, variable) ? values[variable] : undefined;
  if (value === undefined) value = shape.defaults[variable];
  if (value === undefined) throw new Error(`Missing value for variable $${variable} (and no default found)`);
  if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value ${value} for Boolean! variable $${variable}`);
  return value;
}

type Path = Array<string | number>;

interface Run {
  shape: CompiledShape;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspect: (field: FieldNode) => unknown;
  /** Incremental delivery: deferred fragments are not written but recorded here. */
  record?: (label: string, occurrence: DeferredOccurrence) => void;
}

/** The response's data from the merged subgraph data, and the errors found shaping it. */
export function shapeResponse(
  shape: CompiledShape,
  input: Record<string, unknown> | null | undefined,
  variables: Record<string, unknown> | undefined,
  introspect: (field: FieldNode) => unknown,
  record?: Run['record'],
): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const run: Run = { shape, variables: { __proto__: null, ...shape.defaults, ...variables }, errors: [], introspect, record };
  const data: Record<string, unknown> = {};
  const bubbled = applySelections(run, input, shape.selections, data, [], shape.rootType);
  return { data: bubbled ? null : data, errors: run.errors };
}

/** The data of one deferred fragment where it was met (a null bubbling up stops at the fragment: data null). */
export function shapeDeferred(
  shape: CompiledShape,
  occurrence: DeferredOccurrence,
  variables: Record<string, unknown> | undefined,
  introspect: (field: FieldNode) => unknown,
  record: Run['record'],
): { data: Record<string, unknown> | null; errors: GraphQLError[] } {
  const run: Run = { shape, variables: { __proto__: null, ...shape.defaults, ...variables }, errors: [], introspect, record };
  const data: Record<string, unknown> = {};
  const bubbled = applySelections(run, occurrence.input, occurrence.selections, data, [...occurrence.path], occurrence.parentType);
  return { data: bubbled ? null : data, errors: run.errors };
}

function skipped(s: Shape, variables: Record<string, unknown>): boolean {
  const value = (arg: IfArgument) => (typeof arg === 'boolean' ? arg : (variables[arg] as boolean));
  return (s.skip !== undefined && value(s.skip)) || (s.include !== undefined && !value(s.include));
}

/**
 * Output objects are plain objects, not Object.create(null) ones (which V8 keeps in dictionary mode:
 * slower to fill, stringified at about half the speed). A response name that is also a member of
 * Object.prototype (`constructor`, `toString`, `__proto__`, …) is therefore read as an own property
 * only, and written as one (`__proto__` would set the prototype).
 */
function ownValue(output: Record<string, any>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(output, name) ? output[name] : undefined;
}

function write(output: Record<string, any>, s: FieldShape, value: unknown): void {
  if (s.inherited) Object.defineProperty(output, s.responseName, { value, writable: true, enumerable: true, configurable: true });
  else output[s.responseName] = value;
}

/** True when a null must bubble up past this object. */
function applySelections(run: Run, input: Record<string, any>, shapes: Shape[], output: Record<string, any>, path: Path, parentType: GraphQLCompositeType): boolean {
  for (const s of shapes) {
    if ((s.skip !== undefined || s.include !== undefined) && skipped(s, run.variables)) continue;
    if (s.field) {
      const name = s.responseName;
      const outputValue = s.inherited ? ownValue(output, name) : output[name];
      if (s.introspection) {
        if (outputValue === undefined) write(output, s, run.introspect(s.introspection));
        continue;
      }
      let inputValue = Object.prototype.hasOwnProperty.call(input, name) ? (input[name] ?? null) : null;
      if (s.typename) {
        if (outputValue !== undefined) continue;
        if (inputValue === null && name !== TYPENAME) inputValue = input[TYPENAME] ?? null;
        const type = inputValue !== null && typeof inputValue === 'string' ? (run.shape.schema.getType(inputValue) ?? parentType) : parentType;
        if (!isObjectType(type)) return true;
        write(output, s, type.name);
        continue;
      }
      path.push(name);
      const result = update(run, outputValue, s.type, inputValue, path, parentType, s.leafBase);
      write(output, s, result.updated);
      path.pop();
      if (result.invalid) return true;
    } else {
      const typename = input[TYPENAME] as string | undefined;
      if (s.defer && run.record && (s.defer.if === undefined || (typeof s.defer.if === 'boolean' ? s.defer.if : run.variables[s.defer.if]))) {
        if (typeConditionApplies(run, s, typename, parentType)) {
          run.record(s.defer.label, { input, path: [...path], parentType: s.typeCondition ?? parentType, selections: s.selections });
        }
        continue;
      }
      if (typeConditionApplies(run, s, typename, parentType)) {
        if (applySelections(run, input, s.selections, output, path, s.typeCondition ?? parentType)) return true;
      }
    }
  }
  return false;
}

/** Whether a fragment applies to an object of type `typename` (none given: `parentType`), as stock decides it (isSubtype). */
function typeConditionApplies(run: Run, s: FragmentShape, typename: string | undefined, parentType: GraphQLCompositeType): boolean {
  const condition = s.typeCondition;
  if (!condition) return true;
  const name = typename || parentType.name;
  let applies = s.applies.get(name);
  if (applies === undefined) {
    const type = typename ? run.shape.schema.getType(typename) : parentType;
    applies = !!type && isTypeSubTypeOf(run.shape.schema, type, condition);
    s.applies.set(name, applies);
  }
  return applies;
}

const TYPENAME = '__typename';

/** The error stock's shaper reports (federation's INVALID_GRAPHQL). */
function invalidGraphQL(message: string, options: { path: Path }): GraphQLError {
  return new GraphQLError(message, { path: options.path, extensions: { code: 'INVALID_GRAPHQL' } });
}

function describe(path: Path, typeName: string, parentType: GraphQLCompositeType): string {
  const element = path[path.length - 1];
  return typeof element === 'string' ? `field ${parentType}.${element}` : `array element of type ${typeName} at index ${element}`;
}

interface Updated {
  updated: any;
  invalid?: boolean;
  hasErrors?: boolean;
}

function update(run: Run, outputValue: any, type: TypeShape, inputValue: any, path: Path, parentType: GraphQLCompositeType, leafBase: boolean): Updated {
  if (outputValue === null || (outputValue !== undefined && leafBase)) return { updated: outputValue };
  switch (type.kind) {
    case 'nonNull': {
      const inner = update(run, outputValue, type.ofType, inputValue, path, parentType, leafBase);
      if (inner.updated !== null) return { updated: inner.updated };
      if (!inner.hasErrors) {
        run.errors.push(invalidGraphQL(`Cannot return null for non-nullable ${describe(path, type.ofTypeName, parentType)}.`, { path: [...path] }));
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
      const typename = inputValue[TYPENAME];
      let objectType = type.type;
      if (typename) {
        const runtime = run.shape.schema.getType(typename);
        if (!runtime || !isCompositeType(runtime)) {
          // The API schema's types only: an @inaccessible type's name is never written in the message.
          run.errors.push(invalidGraphQL(`Invalid __typename found for object at ${describe(path, type.name, parentType)}.`, { path: [...path] }));
          return { updated: null, hasErrors: true };
        }
        objectType = runtime;
      }
      const object = outputValue === undefined ? {} : outputValue;
      const bubbled = applySelections(run, inputValue, type.selections, object, path, objectType);
      return { updated: bubbled ? null : object, hasErrors: bubbled };
    }
    case 'leaf': {
      if (inputValue === null) return { updated: null };
      const valid = type.valid(inputValue);
      if (!valid) run.errors.push(invalidGraphQL(`Invalid value found for ${describe(path, type.name, parentType)}.`, { path: [...path] }));
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
