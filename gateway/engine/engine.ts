import type { SupergraphManager } from '@apollo/gateway';
import { getOperationAST, getVariableValues, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { inChildSpan } from '../../common/spans';
import { asDataSource } from '../subgraphClient';
import { supergraphSubgraphs } from '../supergraphSubgraphs';
import { compilePlan, type CompiledPlan, type EngineSchemas } from './compile';
import { executeIncremental } from './defer';
import { executePlan } from './execute';
import { loadSupergraph, type SupergraphSubgraph } from './loadedSupergraph';
import { PlanCache } from './planCache';
import { isPlanningRefusal, type PlannerName } from './planners/planner';
import { subscriptionPlan, type SubscriptionPlan } from './subscription';
import type { EngineRequest, EngineResult, EntityFetchCache, SubgraphClient, SubgraphClients } from './request';

export interface EngineOptions {
  /** The supergraph: its SDL, or a manager that loads and watches it (gateway/supergraphSource.ts, IntrospectAndCompose). */
  supergraph: string | SupergraphManager;
  /** The client of one subgraph of a supergraph just loaded (the configuration may move its URL). */
  subgraph: (subgraph: SupergraphSubgraph) => SubgraphClient;
  /** PLAN_CACHE_BYTES: bound of the compiled-plan cache. */
  planCacheBytes: number;
  /** GATEWAY_PLANNER: who plans, Apollo's query planner (default) or the Hive Router's (planners/). */
  planner?: PlannerName;
  /** Where a schema-change listener's failure is reported (the supergraph is taken up all the same). */
  log?: { error(details: object, message: string): void };
  /** The entity cache queries and mutations run with (gateway/entityCache); none: every fetch goes to its subgraph. */
  entityCache?: EntityFetchCache;
  /** Built once per supergraph: checks each request before it is planned (gateway/authz/authorizationGuard.ts). */
  guard?: (schemas: EngineSchemas) => RequestGuard | undefined;
}

/**
 * A check of each request before it is planned and run: undefined lets the request through as it
 * is; otherwise the request to run instead (a narrowed document) and how its answer is finished.
 */
export type RequestGuard = (request: EngineRequest) => GuardedRequest | undefined;
export interface GuardedRequest {
  request: EngineRequest;
  finish(result: ExecutionResult): ExecutionResult;
  /** What the guard took out, as the errors the answer carries. */
  errors: readonly GraphQLError[];
}

/** What listeners are told of each supergraph taken up. */
export interface SchemaChange {
  apiSchema: GraphQLSchema;
  supergraphSdl: string;
}

interface Loaded {
  sdl: string;
  schemas: EngineSchemas;
  cache: PlanCache<CompiledPlan>;
  subgraphs: SupergraphSubgraph[];
  clients: SubgraphClients;
  guard?: RequestGuard;
}

/**
 * The gateway engine: it loads and watches the supergraph itself, builds one query planner and one
 * set of schemas per supergraph (loadedSupergraph.ts), and plans, caches and executes operations
 * against the subgraphs through their clients. Queries, mutations, @defer and subscription events
 * (gateway/live) all run here.
 *
 * The entry point is `execute(request)` (request.ts has the request's shape): the host parses the
 * document and validates it against `apiSchema`, then hands it over with the caller's context.
 * `EngineGateway` (engineGateway.ts) puts the same engine behind Apollo Server's gateway interface.
 */
export class Engine {
  private loaded?: Loaded;
  private readonly listeners = new Set<(change: SchemaChange) => void>();
  private cleanup?: () => Promise<void>;
  /** Clients by subgraph name and URL: a new supergraph that keeps a subgraph where it was keeps its client (and its pooled connections). */
  private readonly clientsByTarget = new Map<string, SubgraphClient>();
  private starting?: Promise<void>;

  constructor(private readonly options: EngineOptions) {}

  /** Loads the first supergraph (a broken one throws) and starts watching for new ones. Once. */
  start(): Promise<void> {
    return (this.starting ??= this.initialize());
  }

  async stop(): Promise<void> {
    await this.cleanup?.();
    this.cleanup = undefined;
  }

  /** The client-facing schema documents are validated against (@defer declared); undefined until loaded. */
  get apiSchema(): GraphQLSchema | undefined {
    return this.loaded?.schemas.apiGraphQLSchema;
  }

  /** The SDL of the supergraph served now. */
  get supergraphSdl(): string | undefined {
    return this.loaded?.sdl;
  }

  /** The current supergraph's schemas and planner. */
  get schemas(): EngineSchemas | undefined {
    return this.loaded?.schemas;
  }

  /** The current supergraph's compiled-plan cache (its counters survive only until the next supergraph). */
  get planCache(): PlanCache<CompiledPlan> | undefined {
    return this.loaded?.cache;
  }

  /** The current supergraph's subgraphs (names and the URLs it gives them). */
  get subgraphs(): readonly SupergraphSubgraph[] {
    return this.loaded?.subgraphs ?? [];
  }

  /** The current supergraph's subgraph clients, by name. */
  get clients(): SubgraphClients {
    return this.loaded?.clients ?? {};
  }

  /** Told of every supergraph taken up, the first included; returns the unsubscribe. */
  onSchemaChange(listener: (change: SchemaChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Plans (or finds the plan of) an operation for the current supergraph; throws when it cannot be planned. */
  plan(document: DocumentNode, operationName: string | undefined, key?: string, queryText?: string): CompiledPlan {
    const loaded = this.loaded;
    if (!loaded) throw new Error('The gateway has no supergraph yet');
    const cached = key === undefined ? undefined : loaded.cache.get(key);
    if (cached) return cached;
    const compiled = compilePlan(loaded.schemas, document, operationName, queryText);
    if (key !== undefined) loaded.cache.set(key, compiled, compiled.bytes);
    return compiled;
  }

  /**
   * Plans a subscription (cached with the queries' plans, keyed apart) for gateway/live, which holds
   * its primary fetch open and has each event executed here. Throws when it cannot be planned.
   */
  planSubscription(document: DocumentNode, operationName: string | undefined, queryText: string): SubscriptionPlan {
    const compiled = this.plan(document, operationName, `subscription\0${operationName ?? ''}\0${queryText}`, queryText);
    return subscriptionPlan(compiled, () => this.clients);
  }

  /**
   * What the guard would take out of this request (undefined: nothing): gateway/live refuses such a
   * subscription whole, as its events are planned once and shared between callers.
   */
  guardErrors(request: EngineRequest): readonly GraphQLError[] | undefined {
    return this.loaded?.guard?.(request)?.errors;
  }

  /**
   * Runs a query or mutation (a subscription goes to gateway/live): variables checked against the
   * operation (coercion errors are the answer), the plan found or made, then executed. With
   * `request.incremental` and @defer in the operation, the answer may come in parts.
   */
  execute(request: EngineRequest): Promise<EngineResult> {
    return inChildSpan('gateway.request', {}, async () => {
      const loaded = this.loaded;
      if (!loaded) throw new Error('The gateway has no supergraph yet');
      const definitions = getOperationAST(request.document, request.operationName)?.variableDefinitions;
      if (definitions?.length) {
        const { errors } = getVariableValues(loaded.schemas.apiGraphQLSchema, definitions, request.variables ?? {});
        if (errors) return { errors: errors as GraphQLError[] };
      }
      if (this.options.entityCache && !request.entityCache) request = { ...request, entityCache: this.options.entityCache };
      const guarded = loaded.guard?.(request);
      const planned = guarded?.request ?? request;
      let compiled: CompiledPlan;
      try {
        compiled = this.plan(planned.document, request.operationName, planned.planKey, request.queryText);
      } catch (error) {
        // An operation the planner refuses (planners/hivePlanner.ts) is the client's answer, not a server error.
        if (!isPlanningRefusal(error)) throw error;
        return guarded ? guarded.finish({ errors: [error] }) : { errors: [error] };
      }
      if (guarded) return guarded.finish(await executePlan(compiled, loaded.clients, guarded.request));
      if (compiled.defer && request.incremental) return executeIncremental(compiled, loaded.clients, request);
      const result = await executePlan(compiled, loaded.clients, request);
      const served = request.entityCache?.report?.(request.context);
      return served ? { ...result, extensions: { ...result.extensions, entityCache: served } } : result;
    });
  }

  private async initialize(): Promise<void> {
    const manager = this.options.supergraph;
    if (typeof manager === 'string') {
      this.take(manager);
      return;
    }
    const { supergraphSdl, cleanup } = await manager.initialize({
      // A new supergraph that does not build throws here, before anything is swapped: the manager refuses it and the current one keeps serving.
      update: (sdl) => this.take(sdl),
      healthCheck: (sdl) => this.healthCheck(sdl),
      // A composing manager (IntrospectAndCompose) asks each subgraph for its SDL through the same client.
      getDataSource: ({ name, url }) => asDataSource(this.clientFor({ name, url })),
    });
    this.cleanup = cleanup;
    this.take(supergraphSdl);
  }

  /** Requests already running finish on the supergraph, plans and clients they started with. */
  private take(supergraphSdl: string): void {
    const { schemas, subgraphs } = loadSupergraph(supergraphSdl, this.options.planner);
    const clients: Record<string, SubgraphClient> = Object.create(null);
    for (const subgraph of subgraphs) clients[subgraph.name] = this.clientFor(subgraph);
    const guard = this.options.guard?.(schemas);
    this.loaded = { sdl: supergraphSdl, schemas, cache: new PlanCache(this.options.planCacheBytes), subgraphs, clients, guard };
    for (const listener of this.listeners) {
      try {
        listener({ apiSchema: schemas.apiGraphQLSchema, supergraphSdl });
      } catch (error) {
        (this.options.log ?? console).error({ err: error }, 'a listener failed to take up the new supergraph');
      }
    }
  }

  private clientFor(subgraph: SupergraphSubgraph): SubgraphClient {
    const target = `${subgraph.name}\0${subgraph.url ?? ''}`;
    let client = this.clientsByTarget.get(target);
    if (!client) this.clientsByTarget.set(target, (client = this.options.subgraph(subgraph)));
    return client;
  }

  /** Every subgraph answers `{ __typename }` (a manager's optional check before it hands over a supergraph). */
  private async healthCheck(supergraphSdl: string): Promise<void> {
    await Promise.all(
      supergraphSubgraphs(supergraphSdl).map(async (subgraph) => {
        const answer = await this.clientFor(subgraph).fetch({ query: 'query __ApolloServiceHealthCheck__ { __typename }', variables: {}, path: [] });
        if (answer.errors?.length) throw new Error(`The ${subgraph.name} subgraph failed its health check: ${answer.errors[0].message}`);
      }),
    );
  }
}
