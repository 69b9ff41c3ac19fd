import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { inputDepthExceeds, MAX_INPUT_DEPTH } from './inputDepth';
import { measureOperation } from './measureOperation';
import { LimitCode, limitError, type OperationLimits } from './operationLimits';
import { conditionalSubscriptionRoot, VALIDATION_RULES } from './subscriptionRoot';

/**
 * The limits every entry point keeps (/graphql, /graphql/stream, WebSocket messages, /mcp): the body
 * (or message) size is bounded while it is read, by each transport with this number; the rest is
 * checked here, in one place, on what was read.
 */
export interface EntryLimits extends OperationLimits {
  /** MAX_BODY_BYTES: a larger body is 413, a larger WebSocket message closes that socket with 1009. */
  maxBodyBytes: number;
  /** MAX_TOKENS: a document with more GraphQL tokens is refused while parsing. */
  maxTokens: number;
}

/** A request's parameters as a transport read them: nothing about their types is known yet. */
export interface OperationParams {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

export interface PreparedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName?: string;
  variables: Record<string, unknown>;
}

/** Every refusal here is a client's error: a host answering over HTTP answers it with 400. */
function refusal(code: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

/** Variables or extensions nested beyond MAX_INPUT_DEPTH, before anything recursive walks them. */
export function inputDepthError(params: OperationParams): GraphQLError | undefined {
  if (!inputDepthExceeds(params.variables) && !inputDepthExceeds(params.extensions)) return undefined;
  return refusal(LimitCode.INPUT_DEPTH_LIMIT_EXCEEDED, `Variables and extensions may nest at most ${MAX_INPUT_DEPTH} levels deep`, { limit: MAX_INPUT_DEPTH });
}

/** A cheap look at the text first: only a document that could have a conditional subscription root is parsed. */
const MAYBE_CONDITIONAL_SUBSCRIPTION = (query: string) => query.includes('subscription') && /@(skip|include)\b/.test(query);

/**
 * For a host that parses and validates with graphql-js's own rules (Apollo Server): what must be
 * refused before it does, as it would answer 500 (a stack overflow, a throwing validation rule).
 * Undefined: hand the request on.
 */
export function screenRequest(params: OperationParams, limits: Pick<EntryLimits, 'maxTokens'>): GraphQLError | undefined {
  const deep = inputDepthError(params);
  if (deep) return deep;
  if (typeof params.query !== 'string' || !MAYBE_CONDITIONAL_SUBSCRIPTION(params.query)) return undefined;
  let document: DocumentNode;
  try {
    document = parse(params.query, { maxTokens: limits.maxTokens });
  } catch {
    return undefined; // the host answers the syntax error itself
  }
  const conditional = conditionalSubscriptionRoot(document);
  return conditional && refusal('GRAPHQL_VALIDATION_FAILED', conditional.message);
}

/**
 * Reads, checks and measures one operation for a transport that runs it itself (graphql-sse,
 * graphql-ws): input depth, tokens, validation, then depth, aliases, root fields and cost. Every
 * refusal is a GraphQLError with a code, never an exception.
 */
export function prepareOperation(schema: GraphQLSchema, params: OperationParams, limits: EntryLimits): PreparedOperation | { errors: GraphQLError[] } {
  const deep = inputDepthError(params);
  if (deep) return { errors: [deep] };
  if (typeof params.query !== 'string' || params.query === '') return { errors: [refusal('BAD_REQUEST', 'The request has no query (a GraphQL document as a string)')] };
  if (params.operationName != null && typeof params.operationName !== 'string') return { errors: [refusal('BAD_REQUEST', 'operationName must be a string')] };
  if (params.variables != null && (typeof params.variables !== 'object' || Array.isArray(params.variables))) {
    return { errors: [refusal('BAD_REQUEST', 'variables must be an object')] };
  }
  let document: DocumentNode;
  try {
    document = parse(params.query, { maxTokens: limits.maxTokens });
  } catch (error) {
    return { errors: [refusal('GRAPHQL_PARSE_FAILED', error instanceof GraphQLError ? error.message : 'The document does not parse', {})] };
  }
  const invalid = validate(schema, document, VALIDATION_RULES);
  if (invalid.length > 0) {
    return {
      errors: invalid.map((error) => new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
    };
  }
  const operationName = params.operationName ?? undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) return { errors: [refusal('BAD_REQUEST', operationName ? `No operation named "${operationName}" in the document` : 'The document has several operations: name one (operationName)')] };
  const variables = (params.variables ?? {}) as Record<string, unknown>;
  const tooBig = limitError(measureOperation(schema, document, operation, variables, { defaultListSize: limits.defaultListSize, assumedListNesting: limits.assumedListNesting }), limits);
  if (tooBig) {
    // Its `http` extension is for Apollo Server, which takes it out; a live transport would send it on.
    const { http: _status, ...extensions } = tooBig.extensions;
    return { errors: [new GraphQLError(tooBig.message, { extensions })] };
  }
  return { document, operation, operationName, variables };
}
