// Derived from Apollo's @apollo/gateway (Copyright 2021 Apollo Graph, Inc.), Elastic License 2.0: see NOTICE.md in this folder.
import type { FetchDataRewrite, QueryPlanSelectionNode } from '@apollo/query-planner';
import { isAbstractType, isInterfaceType, isObjectType, Kind, type GraphQLSchema } from 'graphql';

/**
 * Merging subgraph answers into the request's data, in place, and reading entity representations
 * out of it: the rules of @apollo/gateway (deepMerge, executeSelectionSet, dataRewrites), kept
 * so answers stay identical, written here so the engine depends on the planner's public types only.
 */
export type ResultMap = Record<string, any>;

const hasOwn = (object: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(object, key);

/** A key absent on the target but present on its prototype is defined on the target first. */
function defineOwn(object: object, key: string): void {
  if (!hasOwn(object, key) && key in object) Object.defineProperty(object, key, { configurable: true, enumerable: true, value: undefined, writable: true });
}

const isObject = (value: unknown): value is ResultMap => value !== null && typeof value === 'object' && !Array.isArray(value);

export function deepMerge(target: any, source: any): any {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    defineOwn(target, key);
    const existing = target[key];
    if (existing && isObject(value)) deepMerge(existing, value);
    else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i], value[i]);
        else existing[i] = value[i];
      }
    } else target[key] = value;
  }
  return target;
}

export function isObjectOfType(schema: GraphQLSchema, object: ResultMap, typeCondition: string, defaultOnUnknown = false): boolean {
  const typename = object.__typename;
  if (!typename) return defaultOnUnknown;
  if (typeCondition === typename) return true;
  const type = schema.getType(typename);
  const condition = schema.getType(typeCondition);
  if (!type || !condition || !isAbstractType(condition)) return false;
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

/**
 * The representation of an entity for an `_entities` fetch: the fields the plan's `requires` names,
 * or null when one is missing (an input lost to an earlier error; that error is already reported).
 */
export function representation(schema: GraphQLSchema, source: ResultMap | null, selections: QueryPlanSelectionNode[]): ResultMap | null {
  if (source === null) return null;
  // A plain object, not Object.create(null): V8 keeps that one in dictionary mode, and each
  // representation is stringified twice (the fetch's dedupe key, the subgraph's variables) at half
  // the speed. Only `__proto__` would mean something else on a plain object: it is defined, not set.
  const result: ResultMap = {};
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.alias ?? selection.name;
      const value = hasOwn(source, name) ? source[name] : undefined;
      if (value === undefined) return null;
      const sub = selection.selections;
      if (name === '__proto__') defineOwn(result, name);
      if (Array.isArray(value)) result[name] = value.map((item: any) => (sub ? representation(schema, item, sub) : item));
      else result[name] = sub ? representation(schema, value, sub) : value;
    } else if (selection.typeCondition && isObjectOfType(schema, source, selection.typeCondition)) {
      deepMerge(result, representation(schema, source, selection.selections));
    }
  }
  return result;
}

const FRAGMENT_PREFIX = '... on ';

/** The planner's input/output rewrites (renamed keys, set __typename of @interfaceObject types). */
export function applyRewrites(schema: GraphQLSchema, rewrites: FetchDataRewrite[] | undefined, value: ResultMap): void {
  if (!rewrites) return;
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue;
    const parent = rewrite.path.slice(0, -1);
    const last = rewrite.path[rewrite.path.length - 1];
    if (last.startsWith(FRAGMENT_PREFIX)) throw new Error(`Unexpected fragment as last element of ${rewrite.path}`);
    const apply =
      rewrite.kind === 'ValueSetter'
        ? (object: ResultMap) => {
            defineOwn(object, last);
            object[last] = rewrite.setValueTo;
          }
        : (object: ResultMap) => {
            const found = hasOwn(object, last) ? object[last] : undefined;
            if (!found) return;
            defineOwn(object, rewrite.renameKeyTo);
            object[rewrite.renameKeyTo] = found;
            object[last] = undefined;
          };
    applyAtPath(schema, parent, value, apply);
  }
}

function applyAtPath(schema: GraphQLSchema, path: string[], value: any, apply: (object: ResultMap) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) applyAtPath(schema, path, item, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (path.length === 0) return apply(value);
  const [first, ...rest] = path;
  if (first.startsWith(FRAGMENT_PREFIX)) {
    // Without a __typename the rewrite still applies (as in @apollo/gateway).
    if (isObjectOfType(schema, value, first.slice(FRAGMENT_PREFIX.length), true)) applyAtPath(schema, rest, value, apply);
  } else applyAtPath(schema, rest, hasOwn(value, first) ? value[first] : undefined, apply);
}
