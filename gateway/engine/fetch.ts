// Derived from Apollo's @apollo/gateway (Copyright 2021 Apollo Graph, Inc.), Elastic License 2.0: see NOTICE.md in this folder.
import type { DeferredNode, FetchNode, ResponsePath } from '@apollo/query-planner';
import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { inChildSpan } from '../../common/spans';
import { DistinctRepresentations } from './distinctRepresentations';
import { applyRewrites, deepMerge, representation, type ResultMap } from './merge';
import { satisfiesTypeCondition, typeConditionOf } from './planners/typeCondition';
import type { EngineRequest, SubgraphAnswer, SubgraphClients } from './request';

/** One request's execution: where fetched data is merged, and the errors met on the way. */
export interface Execution {
  supergraphSchema: GraphQLSchema;
  subgraphs: SubgraphClients;
  request: EngineRequest;
  errors: Array<GraphQLError | Error>;
  /** Incremental delivery: deferred parts are started in the background, not awaited (see defer.ts). */
  defer?: { spawn(execution: Execution, deferred: DeferredNode, cursor: Cursor): void };
}

/** Where a plan node works in the data: the path from the root and the objects found there. */
export interface Cursor {
  path: ResponsePath;
  data: ResultMap | ResultMap[];
  fullResult: ResultMap;
}

/**
 * One fetch node: the subgraph operation sent through the subgraph's client (gateway/subgraphClient.ts:
 * request id, identity header, timeout, retry), the answer merged in place.
 * Entities with identical representations are asked for once per fetch.
 */
export function executeFetch(execution: Execution, fetch: FetchNode, cursor: Cursor): Promise<void> {
  return inChildSpan('gateway.fetch', { service: fetch.serviceName }, () => runFetch(execution, fetch, cursor));
}

async function runFetch(execution: Execution, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = execution.subgraphs[fetch.serviceName];
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities: ResultMap[] = Array.isArray(cursor.data) ? cursor.data.filter((e) => e !== null && e !== undefined) : [cursor.data];
  if (entities.length < 1) return;
  const variables = Object.create(null) as ResultMap;
  const provided = execution.request.variables;
  if (fetch.variableUsages && provided) {
    for (const name of fetch.variableUsages) {
      if (Object.prototype.hasOwnProperty.call(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
  }
  const schema = execution.supergraphSchema;
  if (!fetch.requires) {
    const received = await sendRoot(execution, fetch, cursor, variables);
    if (received) applyRewrites(schema, fetch.outputRewrites, received);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }
  const distinct = new DistinctRepresentations();
  // For each entity with a representation: its index among the entities, and among the distinct representations.
  const entityIndexes: number[] = [];
  const distinctIndexes: number[] = [];
  for (let index = 0; index < entities.length; index++) {
    const rep = representation(schema, entities[index], fetch.requires);
    if (!rep || !rep.__typename) continue;
    applyRewrites(schema, fetch.inputRewrites, rep);
    entityIndexes.push(index);
    distinctIndexes.push(distinct.indexOf(rep));
  }
  const representations = distinct.list;
  if (representations.length < 1) return;
  if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);
  const sendEntities = (some: Record<string, unknown>[]) => call(execution, fetch, cursor, { ...variables, representations: some });
  const cache = execution.request.entityCache;
  const answer = cache
    ? await cache.entities({ fetch, representations, variables, supergraphSchema: schema, context: execution.request.context, send: sendEntities })
    : await sendEntities(representations);
  const received = absorb(execution, fetch, cursor, answer, distinctIndexes);
  if (!received) return;
  const got = received._entities;
  if (!got || !Array.isArray(got)) throw new Error(`Expected "data._entities" in response to be an array`);
  if (got.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (const entity of got) if (entity) applyRewrites(schema, fetch.outputRewrites, entity);
  for (let i = 0; i < entityIndexes.length; i++) {
    const entity = got[distinctIndexes[i]];
    const existing = entities[entityIndexes[i]];
    if (entity && !entity.__typename) entity.__typename = existing.__typename;
    deepMerge(existing, entity);
  }
}

/**
 * A root fetch: a query's through the entity cache (which answers a keyed root field it holds); a mutation's
 * reported to it once sent, answered or not (it may have committed).
 */
async function sendRoot(execution: Execution, fetch: FetchNode, cursor: Cursor, variables: ResultMap): Promise<ResultMap | null | undefined> {
  if (fetch.operationKind !== 'mutation') {
    const send = () => call(execution, fetch, cursor, variables);
    const cache = execution.request.entityCache;
    const { context } = execution.request;
    const answer = cache?.root ? await cache.root({ fetch, variables, supergraphSchema: execution.supergraphSchema, context, send }) : await send();
    return absorb(execution, fetch, cursor, answer);
  }
  const cache = execution.request.entityCache;
  let answer: SubgraphAnswer | undefined;
  try {
    answer = await call(execution, fetch, cursor, variables);
    return absorb(execution, fetch, cursor, answer);
  } finally {
    // With the answer: its owner may say which entities it changed.
    await cache?.mutated(fetch, execution.request.context, answer);
  }
}

function call(execution: Execution, fetch: FetchNode, cursor: Cursor, variables: ResultMap): Promise<SubgraphAnswer> {
  const { request } = execution;
  return execution.subgraphs[fetch.serviceName].fetch({
    query: fetch.operation,
    variables,
    operationName: fetch.operationName,
    context: request.context,
    cachePolicy: request.cachePolicy,
    path: cursor.path,
  });
}

/** The answer's data; its errors recorded with their paths in the client's answer. */
function absorb(execution: Execution, fetch: FetchNode, cursor: Cursor, response: SubgraphAnswer, distinctIndexes?: number[]): ResultMap | null | undefined {
  if (response.errors) {
    const pathOf = errorPaths(execution.supergraphSchema, fetch, cursor);
    for (const error of response.errors) {
      const index = error.path?.[1];
      if (!distinctIndexes || typeof index !== 'number') {
        execution.errors.push(downstreamError(error, fetch.serviceName, pathOf(error.path as GraphQLErrorOptions['path'])));
        continue;
      }
      // An error about a distinct representation is the error of every entity that shared it.
      for (const sharer of indexesOf(distinctIndexes, index)) {
        const path = [error.path![0], sharer, ...error.path!.slice(2)] as GraphQLErrorOptions['path'];
        execution.errors.push(downstreamError(error, fetch.serviceName, pathOf(path)));
      }
    }
  }
  return response.data;
}

function indexesOf(distinctIndexes: number[], distinct: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < distinctIndexes.length; i++) if (distinctIndexes[i] === distinct) found.push(i);
  return found;
}

/**
 * A subgraph error's path in the client's response: for an entity fetch, the entity's own path
 * (["orders", 1, "price"]) in place of ["_entities", n]; paths are worked out only when an error comes.
 */
function errorPaths(schema: GraphQLSchema, fetch: FetchNode, cursor: Cursor): (path: GraphQLErrorOptions['path']) => GraphQLErrorOptions['path'] {
  let hydrated: ResponsePath[] | undefined;
  return (path) => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        hydratePaths(schema, [], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

function hydratePaths(schema: GraphQLSchema, parent: ResponsePath, path: ResponsePath, data: any, result: ResponsePath[]): void {
  if (data === null || data === undefined) return;
  const head = path[0];
  const types = head === undefined || Array.isArray(data) ? undefined : typeConditionOf(head);
  if (head === undefined) result.push(parent.slice());
  else if (types) {
    // A type condition (Hive's plans) is no step in the answer: the objects of other types were not sent.
    if (satisfiesTypeCondition(schema, data, types)) hydratePaths(schema, parent, path.slice(1), data, result);
  }
  else if (head === '@') {
    if (!Array.isArray(data)) throw new Error('expected array when encountering `@`');
    data.forEach((value, i) => {
      parent.push(i);
      hydratePaths(schema, parent, path.slice(1), value, result);
      parent.pop();
    });
  } else if (Array.isArray(data)) {
    data.forEach((value, i) => {
      parent.push(i);
      hydratePaths(schema, parent, path, value, result);
      parent.pop();
    });
  } else if (Object.prototype.hasOwnProperty.call(data, head)) {
    parent.push(head);
    hydratePaths(schema, parent, path.slice(1), data[head], result);
    parent.pop();
  }
}

/** A subgraph's error as the client sees it: its code kept (or DOWNSTREAM_SERVICE_ERROR), serviceName added. */
export function downstreamError(original: GraphQLFormattedError, serviceName: string, path: GraphQLErrorOptions['path']): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  // A code the subgraph gave stays where it was among the extensions; none: stock's DOWNSTREAM_SERVICE_ERROR, last.
  const extensions = original.extensions?.code ? { ...original.extensions, serviceName } : { ...original.extensions, serviceName, code: 'DOWNSTREAM_SERVICE_ERROR' };
  return new GraphQLError(message, { originalError: original as Error, path, extensions });
}
