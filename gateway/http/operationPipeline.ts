import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../../common/logger';
import type { Engine } from '../engine/engine';
import { subsequentTexts } from '../engine/defer';
import { isIncremental, type EngineResult } from '../engine/request';
import type { DocumentCache } from './documentCache';
import { formatErrors, type FormatError } from './formatErrors';
import type { OperationExchange } from './hook';
import { asGraphQLError, badRequest } from './httpErrors';
import type { HookRuntime } from './runtime';

/** One operation's answer, before it is written. */
export interface OperationAnswer {
  status?: number;
  headers?: Map<string, string>;
  errors?: GraphQLFormattedError[];
  data?: Record<string, unknown> | null;
  extensions?: Record<string, unknown>;
  /** @defer over multipart/mixed: the payloads after this first one. */
  following?: AsyncIterable<string>;
}

export interface PipelineDeps {
  runtime: HookRuntime;
  documents: DocumentCache;
  engine: Engine;
  formatError: FormatError;
  /** Where an unexpected error met while shaping an answer is logged. */
  log: Logger;
}

/**
 * The request path of one operation: its text (hooks may resolve it from a hash), the parsed and
 * validated document (cached per text), the operation, the hooks' verdicts, then the engine runs
 * the plan (cached per document and operation name). Every error on the way becomes the answer.
 */
export async function runOperation(deps: PipelineDeps, op: OperationExchange, incremental: boolean): Promise<OperationAnswer> {
  const { runtime, engine } = deps;
  let refused = runtime.onParams(op);
  if (refused instanceof Promise) refused = await refused;
  if (refused) return failed(deps, op, [refused]);
  op.query ??= op.params.query;
  if (!op.query) return failed(deps, op, [badRequest('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.')]);

  const schemas = engine.schemas;
  if (!schemas) throw new Error('The gateway has no supergraph yet');
  const schema = (op.schema = schemas.apiGraphQLSchema);
  const resolved = deps.documents.resolve(schema, op.query);
  if (!resolved.ok) return failed(deps, op, resolved.errors);
  const { parsed } = resolved;
  op.document = parsed.document;
  op.operation = parsed.operation(op.params.operationName);
  op.operationName = op.operation?.name?.value ?? null;
  if (op.http.method === 'GET' && op.operation && op.operation.operation !== 'query') {
    return failed(deps, op, [badRequest(`GET requests only support query operations, not ${op.operation.operation} operations`, 405, { allow: 'POST' })]);
  }
  refused = runtime.onOperation(op);
  if (refused instanceof Promise) refused = await refused;
  if (refused) return failed(deps, op, [refused]);
  runtime.onExecute(op);

  let result: EngineResult;
  try {
    result = await engine.execute({
      document: parsed.document,
      operationName: op.params.operationName,
      variables: op.params.variables,
      // Keyed by the document's hash (computed once per document) and the operation's name.
      planKey: op.params.operationName ? `${parsed.hash}\0${op.params.operationName}` : parsed.hash,
      queryText: op.query,
      context: op.context,
      incremental,
      log: deps.log,
    });
  } catch (error) {
    return failed(deps, op, [asGraphQLError(error)]);
  }
  if (!isIncremental(result)) return answered(deps, op, result, undefined);
  return answered(deps, op, result.initial, subsequentTexts(result.subsequent, deps.formatError));
}

/** An answer from the engine: its errors coded and formatted; no data at all asks for a 400. */
function answered(deps: PipelineDeps, op: OperationExchange, result: ExecutionResult, following: AsyncIterable<string> | undefined): OperationAnswer {
  if (op.responseExtensions) result = { ...result, extensions: { ...result.extensions, ...op.responseExtensions } };
  op.hasData = result.data !== undefined && result.data !== null;
  if (!result.errors?.length) {
    deps.runtime.onResponse(op);
    return { data: result.data, extensions: result.extensions, following };
  }
  const errors = result.errors.map(codeVariableError);
  deps.runtime.onErrors(op, errors);
  const formatted = formatErrors(errors, deps.formatError);
  const status = formatted.status ?? (result.data === undefined ? 400 : undefined);
  deps.runtime.onResponse(op);
  return { status, headers: formatted.headers, errors: formatted.errors, data: result.data, extensions: result.extensions, following };
}

/** An operation refused before it ran: a 500 unless its error asks for another status. */
export function failed(deps: PipelineDeps, op: OperationExchange, errors: readonly GraphQLError[]): OperationAnswer {
  deps.runtime.onErrors(op, errors);
  const formatted = formatErrors(errors, deps.formatError);
  deps.runtime.onResponse(op);
  return { status: formatted.status ?? 500, headers: formatted.headers, errors: formatted.errors };
}

/**
 * A variable the client gave the wrong type (or left out) is the client's mistake: BAD_USER_INPUT,
 * as Apollo Server codes graphql-js's coercion errors.
 */
function codeVariableError(error: GraphQLError): GraphQLError {
  if (error.extensions?.code != null || error.nodes?.length !== 1) return error;
  const node = error.nodes[0];
  if (node.kind !== 'VariableDefinition') return error;
  const name = node.variable.name.value;
  const coercion =
    error.message.startsWith(`Variable "$${name}" got invalid value `) ||
    error.message.startsWith(`Variable "$${name}" has invalid value`) ||
    error.message.startsWith(`Variable "$${name}" of required type `) ||
    error.message.startsWith(`Variable "$${name}" of non-null type `);
  if (!coercion) return error;
  return new GraphQLError(error.message, { nodes: error.nodes, originalError: error.originalError ?? error, extensions: { ...error.extensions, code: 'BAD_USER_INPUT' } });
}

