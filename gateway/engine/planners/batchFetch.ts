import type { FetchDataRewrite, QueryPlanSelectionNode, ResponsePath } from '@apollo/query-planner';
import type { GraphQLSchema } from 'graphql';
import { inChildSpan } from '../../../common/spans';
import { downstreamError, type Cursor, type Execution } from '../fetch';
import { applyRewrites, deepMerge, representation, type ResultMap } from '../merge';
import { satisfiesTypeCondition, typeConditionOf } from './typeCondition';

/**
 * A Hive Router plan's BatchFetch: several entity fetches to one subgraph sent as one request, each
 * an aliased `_entities` field with its own representations variable (aliases may share one). Each
 * alias gathers its entities from one or more paths of the data fetched so far.
 */
export interface BatchFetchNode {
  kind: 'BatchFetch';
  serviceName: string;
  variableUsages?: string[];
  operation: string;
  operationName?: string;
  aliases: BatchFetchAlias[];
}

export interface BatchFetchAlias {
  alias: string;
  representationsVariableName: string;
  /** From the cursor, with `@` and type conditions (typeCondition.ts) as in flatten paths. */
  paths: ResponsePath[];
  requires: QueryPlanSelectionNode[];
  inputRewrites?: FetchDataRewrite[];
  outputRewrites?: FetchDataRewrite[];
}

/** One entity of an alias: where it is in the answer, and which of its variable's representations it sent. */
interface Target {
  entity: ResultMap;
  path: ResponsePath;
  index: number;
}

export function executeBatchFetch(execution: Execution, node: BatchFetchNode, cursor: Cursor): Promise<void> {
  return inChildSpan('gateway.fetch', { service: node.serviceName }, () => runBatchFetch(execution, node, cursor));
}

async function runBatchFetch(execution: Execution, node: BatchFetchNode, cursor: Cursor): Promise<void> {
  const service = execution.subgraphs[node.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${node.serviceName}"`);
  const schema = execution.supergraphSchema;
  // Entities with identical representations are asked for once per variable, whichever alias or path found them.
  const byVariable = new Map<string, { representations: ResultMap[]; indexes: Map<string, number> }>();
  const targets = new Map<string, Target[]>();
  for (const alias of node.aliases) {
    let variable = byVariable.get(alias.representationsVariableName);
    if (!variable) byVariable.set(alias.representationsVariableName, (variable = { representations: [], indexes: new Map() }));
    const found: Target[] = [];
    for (const path of alias.paths) {
      for (const { entity, path: at } of entitiesAt(schema, cursor.data, path, cursor.path)) {
        const rep = representation(schema, entity, alias.requires);
        if (!rep || !rep.__typename) continue;
        applyRewrites(schema, alias.inputRewrites, rep);
        const key = JSON.stringify(rep);
        let index = variable.indexes.get(key);
        if (index === undefined) {
          index = variable.representations.length;
          variable.indexes.set(key, index);
          variable.representations.push(rep);
        }
        found.push({ entity, path: at, index });
      }
    }
    targets.set(alias.alias, found);
  }
  if (![...byVariable.values()].some((v) => v.representations.length > 0)) return;
  const variables = Object.create(null) as ResultMap;
  const provided = execution.request.variables;
  for (const name of node.variableUsages ?? []) {
    if (provided && Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  for (const [name, { representations }] of byVariable) variables[name] = representations;
  const { request } = execution;
  const response = await service.fetch({
    query: node.operation,
    variables,
    operationName: node.operationName,
    context: request.context,
    cachePolicy: request.cachePolicy,
    path: cursor.path,
  });
  for (const error of response.errors ?? []) {
    const [alias, index, ...rest] = error.path ?? [];
    const sharers = typeof alias === 'string' && typeof index === 'number' ? targets.get(alias)?.filter((t) => t.index === index) : undefined;
    if (!sharers?.length) execution.errors.push(downstreamError(error, node.serviceName, error.path ? [...cursor.path, ...error.path] : undefined));
    // An error about a representation is the error of every entity that sent it.
    else for (const target of sharers) execution.errors.push(downstreamError(error, node.serviceName, [...target.path, ...rest]));
  }
  const data = response.data;
  if (!data) return;
  for (const alias of node.aliases) {
    const got = data[alias.alias];
    const found = targets.get(alias.alias) ?? [];
    if (found.length === 0) continue;
    if (!Array.isArray(got)) throw new Error(`Expected "data.${alias.alias}" in response to be an array`);
    for (const entity of got) if (entity) applyRewrites(schema, alias.outputRewrites, entity);
    for (const { entity, index } of found) {
      const received = got[index];
      if (received && !received.__typename) received.__typename = entity.__typename;
      deepMerge(entity, received);
    }
  }
}

/** The objects at `path` below `data` (lists walked at `@`, type conditions kept to their types), with their answer paths. */
function entitiesAt(schema: GraphQLSchema, data: unknown, path: ResponsePath, at: ResponsePath): Array<{ entity: ResultMap; path: ResponsePath }> {
  const found: Array<{ entity: ResultMap; path: ResponsePath }> = [];
  const walk = (value: unknown, rest: ResponsePath, where: ResponsePath): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      // `@` or a list met without one: each element, at its index.
      const next = rest[0] === '@' ? rest.slice(1) : rest;
      value.forEach((item, i) => walk(item, next, [...where, i]));
      return;
    }
    if (typeof value !== 'object') return;
    if (rest.length === 0) {
      found.push({ entity: value as ResultMap, path: where });
      return;
    }
    const [head, ...tail] = rest;
    const types = typeConditionOf(head);
    if (types) {
      if (satisfiesTypeCondition(schema, value as ResultMap, types)) walk(value, tail, where);
    } else if (head !== '@' && typeof head === 'string' && Object.prototype.hasOwnProperty.call(value, head)) {
      walk((value as ResultMap)[head], tail, [...where, head]);
    }
  };
  // The cursor of a top-level node is the whole answer; under a flatten, its data may be a list already.
  if (Array.isArray(data)) data.forEach((item, i) => walk(item, path, [...at, i]));
  else walk(data, path, at);
  return found;
}
