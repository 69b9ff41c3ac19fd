// Derived from Apollo's @apollo/gateway (Copyright 2021 Apollo Graph, Inc.), Elastic License 2.0: see NOTICE.md in this folder.
import type { PlanNode, ResponsePath } from '@apollo/query-planner';
import { executeSync, getOperationAST, GraphQLError, Kind, OperationTypeNode, visit, type DocumentNode, type ExecutionResult, type FieldNode, type GraphQLSchema } from 'graphql';
import { inChildSpan } from '../../common/spans';
import type { CompiledPlan } from './compile';
import { executeFetch, type Cursor, type Execution } from './fetch';
import { executeBatchFetch, type BatchFetchNode } from './planners/batchFetch';
import { satisfiesTypeCondition, typeConditionOf } from './planners/typeCondition';
import type { ResultMap } from './merge';
import type { EngineRequest, SubgraphClients } from './request';
import { conditionHolds, shapeResponse } from './shape';

/**
 * Runs a compiled plan: the plan's nodes walked as @apollo/gateway's executeQueryPlan walks them
 * (sequence, parallel, flatten, condition, fetch), fetched data merged into one object, then the
 * response written by the plan's compiled shaper.
 */
export function executePlan(compiled: CompiledPlan, subgraphs: SubgraphClients, request: EngineRequest): Promise<ExecutionResult> {
  const node = compiled.plan.node;
  if (node?.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
  return executeNodeAndShape(compiled, node, subgraphs, request);
}

/**
 * Runs `node` from empty data and shapes the whole operation's response from what it fetched: a
 * query's or mutation's plan, or for one subscription event its primary fetch (answered by the
 * event, see gateway/live/subscriptionEvents.ts) followed by the rest of its plan.
 */
export function executeNodeAndShape(compiled: CompiledPlan, node: PlanNode | undefined, subgraphs: SubgraphClients, request: EngineRequest): Promise<ExecutionResult> {
  return inChildSpan('gateway.execute', {}, async () => {
    const data: ResultMap = Object.create(null);
    const execution: Execution = { supergraphSchema: compiled.supergraphSchema, subgraphs, request, errors: [] };
    if (node) await executeNode(execution, compiled, node, { path: [], data, fullResult: data });
    return finish(compiled, execution, data);
  });
}

export async function executeNode(execution: Execution, compiled: CompiledPlan, node: PlanNode | BatchFetchNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(execution, compiled, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(execution, compiled, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(execution, compiled, node.node, moveInto(execution.supergraphSchema, cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(execution, node, cursor);
      } catch (error) {
        execution.errors.push(error as Error);
      }
      return;
    case 'BatchFetch': // Hive's planner (planners/batchFetch.ts)
      try {
        await executeBatchFetch(execution, node, cursor);
      } catch (error) {
        execution.errors.push(error as Error);
      }
      return;
    case 'Condition': {
      const branch = conditionHolds(compiled.shape, node.condition, execution.request.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(execution, compiled, branch, cursor);
      return;
    }
    case 'Defer':
      if (node.primary.node) await executeNode(execution, compiled, node.primary.node, cursor);
      // Without incremental delivery (see defer.ts) a deferred part is simply awaited after its primary part.
      if (execution.defer) for (const deferred of node.deferred) execution.defer.spawn(execution, deferred, cursor);
      else await Promise.all(node.deferred.map((deferred) => (deferred.node ? executeNode(execution, compiled, deferred.node, cursor) : undefined)));
      return;
  }
}

function moveInto(schema: GraphQLSchema, cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flatten(schema, cursor.data, path, 0);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

/**
 * The objects at `path` from `value`: a list (`@`) spreads into one flat array, as @apollo/gateway's
 * recursive flatMap does, but written into one array as the path is walked (the recursive form built
 * an array per list and per element, and copied the path's rest at every step).
 */
function flatten(schema: GraphQLSchema, value: any, path: ResponsePath, at: number): any {
  for (; at < path.length && value !== undefined && value !== null; at++) {
    const current = path[at];
    if (current === '@' || (Array.isArray(value) && typeConditionOf(current))) {
      const out: any[] = [];
      spread(schema, value, path, at, out);
      return out;
    }
    const step = stepInto(schema, value, current);
    if (step === NOT_KEPT) return undefined;
    value = step;
  }
  return value;
}

const NOT_KEPT = Symbol('not of the type condition');

/** A subgraph answered something else where the plan expects a list: the error stock's flatMap throws, word for word. */
function notAList(): TypeError {
  return new TypeError('value.flatMap is not a function');
}

/** One step of a path that is neither a list nor a type condition over a list. */
function stepInto(schema: GraphQLSchema, value: any, current: string | number): any {
  if (typeof current !== 'string') throw new Error(`Unexpected ${typeof current} found in path`);
  // A type condition (Hive's plans): only the objects of those types go on.
  const types = typeConditionOf(current);
  if (types) return satisfiesTypeCondition(schema, value, types) ? value : NOT_KEPT;
  if (Array.isArray(value)) throw new Error(`Unexpected array in result for path element ${current}`);
  return Object.prototype.hasOwnProperty.call(value, current) ? value[current] : undefined;
}

/** Pushes onto `out` what flatMap would add for `value` at `path[at]` (a list's values one level spread). */
function spread(schema: GraphQLSchema, value: any, path: ResponsePath, at: number, out: any[]): void {
  for (; at < path.length && value !== undefined && value !== null; at++) {
    const current = path[at];
    if (current === '@') {
      if (!Array.isArray(value)) throw notAList();
      for (const element of value) spread(schema, element, path, at + 1, out);
      return;
    }
    if (Array.isArray(value) && typeConditionOf(current)) {
      for (const element of value) spread(schema, element, path, at, out);
      return;
    }
    const step = stepInto(schema, value, current);
    if (step === NOT_KEPT) {
      out.push(undefined);
      return;
    }
    value = step;
  }
  if (Array.isArray(value)) for (const element of value) out.push(element);
  else out.push(value);
}

/**
 * The response: shaped data, fetch errors; shaping errors only when nothing failed before (as stock).
 * With `record`, the incremental shaper writes the primary part and records where deferred fragments are.
 */
export function finish(compiled: CompiledPlan, execution: Execution, data: ResultMap, record?: Parameters<typeof shapeResponse>[4]): Promise<ExecutionResult> {
  return inChildSpan('gateway.postprocessing', {}, async () => {
    const { request, errors } = execution;
    const variables = request.variables;
    let shaped: ReturnType<typeof shapeResponse>;
    try {
      const shape = record && compiled.defer ? compiled.defer.shape : compiled.shape;
      shaped = shapeResponse(shape, data, variables, (field) => introspect(compiled, field, request), record);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error] };
      if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
      (request.log ?? console).error('Unexpected error during query plan execution: ' + error);
      return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
    }
    if (errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
    return errors.length === 0 ? { data: shaped.data } : { errors: errors as GraphQLError[], data: shaped.data };
  });
}

/** __schema and __type are answered from the API schema by graphql-js, as stock does. */
export function introspect(compiled: CompiledPlan, field: FieldNode, request: EngineRequest): unknown {
  const used = new Set<string>();
  visit(field, { Variable: ({ name }) => void used.add(name.value) });
  const definitions = getOperationAST(request.document, request.operationName)?.variableDefinitions?.filter((d) => used.has(d.variable.name.value));
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [{ kind: Kind.OPERATION_DEFINITION, operation: OperationTypeNode.QUERY, variableDefinitions: definitions, selectionSet: { kind: Kind.SELECTION_SET, selections: [field] } }],
  };
  const { data, errors } = executeSync({ schema: compiled.apiGraphQLSchema, document, rootValue: {}, variableValues: request.variables });
  if (errors?.length || !data) throw new Error(`Introspection query for ${JSON.stringify(field)} should not have failed but got ${JSON.stringify(errors)}`);
  const key = field.alias?.value ?? field.name.value;
  return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : undefined;
}
