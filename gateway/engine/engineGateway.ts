import type { ApolloGateway } from '@apollo/gateway';
import { Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
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

interface Loaded {
  schemas: EngineSchemas;
  cache: PlanCache<CompiledPlan>;
}

/**
 * The gateway as Apollo Server sees it when the engine runs the plans. @apollo/gateway still loads
 * and watches the supergraph and owns the subgraphs' data sources; on each supergraph it hands
 * over, the engine builds its own API schema and query planner (the planner's public API), and
 * every operation is then planned, cached and executed here.
 */
export class EngineGateway implements GatewayInterface {
  private loaded?: Loaded;
  private readonly listeners = new Set<GatewaySchemaLoadOrUpdateCallback>();
  private readonly unsubscribe: () => void;

  constructor(
    readonly stock: ApolloGateway,
    private readonly options: EngineOptions,
  ) {
    // Registered before load: the first supergraph arrives during stock.load().
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
    const supergraph = Supergraph.build(supergraphSdl);
    const apiSchema = supergraph.apiSchema();
    // @defer is declared, so Apollo Server lets a deferred fragment through validation.
    const apiGraphQLSchema = apiSchema.toGraphQLJSSchema({ includeDefer: true });
    apiGraphQLSchema.extensions = { ...apiGraphQLSchema.extensions, apollo: { gateway: { version: 'engine' } } };
    const schemas: EngineSchemas = {
      supergraph,
      apiSchema,
      apiGraphQLSchema,
      supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
      // Defer support on: plans for @defer have Defer nodes; plans for anything else are unchanged (test/engine/).
      planner: new QueryPlanner(supergraph, { incrementalDelivery: { enableDefer: true } }),
    };
    this.loaded = { schemas, cache: new PlanCache(this.options.planCacheBytes) };
    for (const listener of this.listeners) listener({ apiSchema: apiGraphQLSchema, coreSupergraphSdl: supergraphSdl });
  }
}
