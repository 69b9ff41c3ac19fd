import type { FetchNode, ResponsePath } from '@apollo/query-planner';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../context';

/**
 * The engine's own request: what an HTTP host hands `engine.execute()` once it has parsed and
 * validated a document against `engine.apiSchema` (the engine checks the variables itself).
 * Nothing of Apollo Server's request context is needed.
 */
export interface EngineRequest {
  /** Parsed and validated against the engine's API schema. */
  document: DocumentNode;
  operationName?: string;
  variables?: Record<string, unknown>;
  /**
   * Where the compiled plan is cached: the same key for the same document text (and operation
   * name), e.g. its hash. Absent: planned and not cached.
   */
  planKey?: string;
  /** The document's text: sizes the plan-cache entry. */
  queryText?: string;
  /** The caller: sent on to the subgraphs (request id, forwarded headers, signed identity). Absent: the gateway's own call. */
  context?: GatewayContext;
  /**
   * @defer answered incrementally (the client accepts multipart/mixed): the result is then an
   * IncrementalResult whenever something was deferred. Otherwise deferred parts come with the rest.
   */
  incremental?: boolean;
  /** Told the subgraphs' Cache-Control hints, as Apollo Server's cache-control plugin is. */
  cachePolicy?: CachePolicy;
  /** Where an unexpected error met while shaping the answer is logged (default: console). */
  log?: { error(message: string): void };
  /** Entity fetches answered from a cache where it can (gateway/entityCache); set by the engine from its options. */
  entityCache?: EntityFetchCache;
}

/** One `_entities` fetch as the entity cache sees it. */
export interface EntityFetch {
  fetch: FetchNode;
  /** The distinct representations, in the order the answer's `_entities` must have. */
  representations: Record<string, unknown>[];
  /** The fetch's other variables. */
  variables: Record<string, unknown>;
  supergraphSchema: GraphQLSchema;
  context?: GatewayContext;
  /** Sends these representations (a subset, in this order) to the subgraph: its answer as received. */
  send(representations: Record<string, unknown>[]): Promise<SubgraphAnswer>;
}

/** One root fetch as the entity cache sees it (it answers a keyed root field it holds: `customer(id:)`). */
export interface RootFetch {
  fetch: FetchNode;
  /** The fetch's variables. */
  variables: Record<string, unknown>;
  supergraphSchema: GraphQLSchema;
  context?: GatewayContext;
  /** Sends the fetch to the subgraph: its answer as received. */
  send(): Promise<SubgraphAnswer>;
}

/**
 * The engine's one seam for an entity cache: an `_entities` fetch goes through `entities` (which answers
 * what it holds and sends the rest), and every mutation sent to a subgraph is reported to `mutated`
 * once the subgraph has answered (or failed), and awaited before the client's answer is written.
 */
export interface EntityFetchCache {
  /** The answer for every representation, in order: errors' `_entities` indexes are those of `representations`. */
  entities(fetch: EntityFetch): Promise<SubgraphAnswer>;
  /** A query's root fetch: answered from the cache when it can, else sent. */
  root?(fetch: RootFetch): Promise<SubgraphAnswer>;
  /** `answer`: the subgraph's (undefined when it failed), whose `extensions` may name the entities it changed. */
  mutated(fetch: FetchNode, context: GatewayContext | undefined, answer?: SubgraphAnswer): void | Promise<void>;
  /** What the request's fetches got from the cache, for its answer's `extensions.entityCache`, when its caller asked. */
  report?(context: GatewayContext | undefined): Record<string, unknown> | undefined;
}

/** A subgraph's Cache-Control read as a cache hint. */
export interface CacheHint {
  maxAge: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

export interface CachePolicy {
  restrict(hint: CacheHint): void;
}

/** One item of a later part: a deferred fragment's data where it belongs in the answer. */
export interface IncrementalItem {
  data: Record<string, unknown> | null;
  path: Array<string | number>;
  label?: string;
  errors?: Array<GraphQLError | Error>;
}

/** A part after the first, in deferSpec=20220824's shape. */
export interface SubsequentPayload {
  incremental?: IncrementalItem[];
  hasNext: boolean;
}

/** An answer with deferred parts: the first part now, the others as their fetches complete (the last has hasNext false). */
export interface IncrementalResult {
  initial: ExecutionResult;
  subsequent: AsyncIterable<SubsequentPayload>;
}

export type EngineResult = ExecutionResult | IncrementalResult;

export function isIncremental(result: EngineResult): result is IncrementalResult {
  return 'initial' in result;
}

/** One operation sent to a subgraph on behalf of a request. */
export interface SubgraphCall {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  context?: GatewayContext;
  cachePolicy?: CachePolicy;
  /** Where in the client's answer the fetched data goes (for a client's own logging). */
  path: ResponsePath;
}

/** A subgraph's GraphQL answer (its errors as received, JSON). */
export interface SubgraphAnswer {
  data?: Record<string, any> | null;
  errors?: readonly GraphQLFormattedError[];
  extensions?: Record<string, unknown>;
}

/**
 * How the engine reaches one subgraph. A failure to get an answer (unreachable, timeout, HTTP
 * error) is thrown, as a GraphQLError the client may see (code, serviceName).
 */
export interface SubgraphClient {
  fetch(call: SubgraphCall): Promise<SubgraphAnswer>;
}

/** The subgraphs of the current supergraph, by name. */
export type SubgraphClients = Readonly<Record<string, SubgraphClient>>;
