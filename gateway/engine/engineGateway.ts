import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode, type QueryPlannerConfig } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import { getVariableValues, type GraphQLError } from 'graphql';
import { inChildSpan } from '../../common/spans';
import { compilePlan, type CompiledPlan, type EngineSchemas } from './compile';
import { executeFromData, executePlan } from './execute';
import type { ServiceMap } from './fetch';
import { PlanCache } from './planCache';
import { executeIncremental, type IncrementalDelivery } from './defer';

export interface EngineOptions {
  /** PLAN_CACHE_BYTES: bound of the compiled-plan cache. */
  planCacheBytes: number;
  /** The subgraphs' data sources, as the stock gateway built them (read per request: a new supergraph may add some). */
  services: () => ServiceMap;
  /** @defer over multipart/mixed; without it, deferred parts are answered with the rest. */
  incremental?: IncrementalDelivery;
}

/** How the engine plans: @defer support on (plans for @defer have Defer nodes; plans for anything else are unchanged, test/engine/). */
const ENGINE_PLANNER_CONFIG = { incrementalDelivery: { enableDefer: true } } satisfies QueryPlannerConfig;

/** Gateways made by engineApolloGateway: their planner is configured as the engine plans. */
const plansAsTheEngine = new WeakSet<ApolloGateway>();

/**
 * The @apollo/gateway an engine wraps: it loads and watches the supergraph and builds the subgraphs'
 * data sources, and the one query planner it builds per supergraph, configured as the engine plans,
 * is the engine's too. A query planner holds the supergraph's whole federated query graph: a second
 * one per supergraph would double that memory and the time to take up a new supergraph.
 */
export function engineApolloGateway(config: GatewayConfig): ApolloGateway {
  const gateway = new ApolloGateway({ ...config, queryPlannerConfig: { ...config.queryPlannerConfig, ...ENGINE_PLANNER_CONFIG } });
  plansAsTheEngine.add(gateway);
  return gateway;
}

interface Loaded {
  schemas: EngineSchemas;
  cache: PlanCache<CompiledPlan>;
}

/**
 * The gateway as Apollo Server sees it when the engine runs the plans. @apollo/gateway still loads
 * and watches the supergraph and owns the subgraphs' data sources; on each supergraph it hands
 * over, the engine takes up its query planner (see engineApolloGateway), builds the graphql-js
 * schemas it needs, and every operation is then planned (the planner's public API), cached and
 * executed here.
 */
export class EngineGateway implements GatewayInterface {
  private loaded?: Loaded;
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly stock: ApolloGateway,
    private readonly options: EngineOptions,
  ) {
    // Registered before load: the first supergraph arrives during stock.load(), after the gateway has built its planner.
    this.unsubscribe = stock.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => this.update(coreSupergraphSdl));
  }

  /** The current supergraph's compiled-plan cache (its counters survive only until the next supergraph). */
  get planCache(): PlanCache<CompiledPlan> | undefined {
    return this.loaded?.cache;
  }

  /** The current supergraph's schemas and planner, e.g. for the live graph's subscription plans. */
  get schemas(): EngineSchemas | undefined {
    return this.loaded?.schemas;
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    await this.stock.load(options);
    if (!this.loaded) throw new Error('The gateway loaded no supergraph');
    return { executor: this.executor };
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.stock.stop();
  }

  /** Plans (or finds the plan of) an operation for the current supergraph. */
  plan(document: Parameters<typeof compilePlan>[1], operationName: string | undefined, key?: string, queryText?: string): CompiledPlan {
    const loaded = this.loaded;
    if (!loaded) throw new Error('The gateway has no supergraph yet');
    const cached = key === undefined ? undefined : loaded.cache.get(key);
    if (cached) return cached;
    const compiled = compilePlan(loaded.schemas, document, operationName, queryText);
    if (key !== undefined) loaded.cache.set(key, compiled, compiled.bytes);
    return compiled;
  }

  /**
   * The rest of a plan from data already fetched, shaped as the whole operation's response: for a
   * subscription, `executeFromData(engine.plan(document, name), plan.node.rest, eventData, requestContext)`
   * resolves each event's other fields from their owners, as a query's answer would.
   */
  executeFromData(compiled: CompiledPlan, node: PlanNode | undefined, data: Record<string, unknown>, requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    return executeFromData(compiled, node, data, this.options.services(), requestContext);
  }

  readonly executor: GatewayExecutor = (requestContext) =>
    inChildSpan('gateway.request', {}, async () => {
      const { request, document, queryHash, operation } = requestContext;
      const loaded = this.loaded!;
      // Variables are checked against the operation here, as the stock gateway does: Apollo Server leaves it to the gateway.
      if (operation.variableDefinitions?.length) {
        const { errors } = getVariableValues(loaded.schemas.apiGraphQLSchema, operation.variableDefinitions, request.variables ?? {});
        if (errors) return { errors: errors as GraphQLError[] };
      }
      const key = request.operationName ? `${queryHash}\0${request.operationName}` : queryHash;
      const compiled = this.plan(document, request.operationName ?? undefined, key, request.query);
      const sink = compiled.defer && requestContext.context ? this.options.incremental?.sinkFor(requestContext.context) : undefined;
      if (sink) return executeIncremental(compiled, this.options.services(), requestContext, sink);
      return executePlan(compiled, this.options.services(), requestContext);
    });

  private update(supergraphSdl: string): void {
    const planner = this.plannerFor(supergraphSdl);
    const supergraph = planner.supergraph;
    const apiSchema = supergraph.apiSchema(); // the schema caches it: the same object the stock gateway uses
    // @defer is declared, so Apollo Server lets a deferred fragment through validation.
    const apiGraphQLSchema = apiSchema.toGraphQLJSSchema({ includeDefer: true });
    apiGraphQLSchema.extensions = { ...apiGraphQLSchema.extensions, apollo: { gateway: { version: 'engine' } } };
    const schemas: EngineSchemas = { supergraph, apiSchema, apiGraphQLSchema, supergraphSchema: supergraph.schema.toGraphQLJSSchema(), planner };
    this.loaded = { schemas, cache: new PlanCache(this.options.planCacheBytes) };
    for (const listener of this.listeners) listener({ apiSchema: apiGraphQLSchema, coreSupergraphSdl: supergraphSdl });
  }

  /**
   * The planner of the supergraph just loaded: the stock gateway's own when it was made by
   * engineApolloGateway (it has just built it for this supergraph; `__testing()` is the only way
   * @apollo/gateway hands it out), else one of the engine's own.
   */
  private plannerFor(supergraphSdl: string): QueryPlanner {
    const shared = plansAsTheEngine.has(this.stock) ? this.stock.__testing().queryPlanner : undefined;
    return shared ?? new QueryPlanner(Supergraph.build(supergraphSdl), ENGINE_PLANNER_CONFIG);
  }
}
