import type { ApolloGateway, GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { getOperationAST, GraphQLError, print, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import { botRefusal, type BotCatalogue } from '../plugins/useBotCatalogue';
import type { Logger } from '../../common/logger';
import type { IdentitySigner } from '../auth/identitySigner';
import type { GatewayContext } from '../context';
import type { EngineGateway } from '../engine/engineGateway';
import { measureOperation } from '../limits/measureOperation';
import { limitError, type OperationLimits } from '../limits/operationLimits';
import { Channel } from './channel';
import { engineSubscriptions } from './engineEvents';
import { stockSubscriptions } from './stockEvents';
import type { LiveConfig } from './liveConfig';
import { LivePlanner } from './livePlanner';
import type { PlannedSubscription, SubscriptionPlanner } from './plannedSubscription';
import { SharedSubscription } from './sharedSubscription';
import { sharingKey } from './sharingKey';
import { SubscriptionLimits } from './subscriptionLimits';
import { EventGate } from '../../common/live/eventGate';

export interface LiveGatewayDeps {
  config: LiveConfig;
  limits: OperationLimits;
  /** Where a subgraph of the supergraph really is (the config may move it) and whether it is sent the identity. */
  subgraph(name: string, supergraphUrl?: string): { url: string; identity: boolean; forwardHeaders: readonly string[] };
  /** The same data sources (timeouts, identity header, metrics) the gateway's queries use. */
  buildService(service: { name: string; url?: string }): GraphQLDataSource;
  signIdentity: IdentitySigner;
  /** The bot role subscribes only with these documents, as it queries only with them. */
  botDocuments: BotCatalogue;
  /** The gateway engine and the data sources it fetches through: it plans and runs the subscriptions. Absent (GATEWAY_ENGINE=stock): stock executeQueryPlan. */
  engine?: { engine: Pick<EngineGateway, 'plan'>; services: () => ServiceMap };
  log: Logger;
}

/** One subscribing caller: the request's gateway context, and when their token expires (epoch ms). */
export interface LiveCaller {
  context: GatewayContext;
  expiresAt?: number;
}

export interface LiveRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  caller: LiveCaller;
}

/**
 * Federated subscriptions: each is planned by the federation query planner, its primary fetch held
 * open on the owning subgraph, and every event it sends answered with the rest of the plan.
 * Subscribers with the same document, variables and identity share that work (SharedSubscription).
 * Transport-free: the graphql-sse and graphql-ws endpoints (endpoints.ts) both call subscribe().
 */
export class LiveGateway {
  private planner: LivePlanner | undefined;
  private generation = 0;
  private services: ServiceMap = Object.create(null);
  private readonly open = new Set<Channel<ExecutionResult>>();
  private readonly shared = new Map<string, SharedSubscription>();
  readonly limits: SubscriptionLimits;
  /** At most LIVE_MAX_CONCURRENT_EVENTS events executed at once, across every subscription. */
  readonly eventGate: EventGate;

  constructor(private readonly deps: LiveGatewayDeps) {
    this.limits = new SubscriptionLimits(deps.config);
    this.eventGate = new EventGate(deps.config.maxConcurrentEvents);
  }

  /** Plans with whatever supergraph the gateway loads, now and after every reload. */
  attach(gateway: ApolloGateway): void {
    gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.planner = LivePlanner.fromSupergraph(coreSupergraphSdl, apiSchema);
      this.generation += 1;
      this.services = Object.create(null); // subgraphs may have moved or changed with the new supergraph
    });
  }

  /** The client-facing schema documents are validated against; undefined until the supergraph is loaded. */
  get schema(): GraphQLSchema | undefined {
    return this.planner?.schema;
  }

  /** Subscriptions open now (0 again once every client has gone). */
  get openCount(): number {
    return this.open.size;
  }

  /** Executions under way: one per distinct document, variables and identity among the open subscriptions. */
  get sharedCount(): number {
    return this.shared.size;
  }

  /** A stream of results, or a single result with the errors that refused the subscription. */
  async subscribe(request: LiveRequest): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const planner = this.planner;
    if (!planner) return refused(graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The gateway has not loaded its supergraph yet'));
    const { document, caller } = request;
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation) return refused(graphError(ErrorCode.BAD_USER_INPUT, 'No operation of that name in the document'));
    if (operation.operation !== 'subscription') {
      return refused(graphError(ErrorCode.BAD_USER_INPUT, 'Only subscriptions are served here; send queries and mutations to POST /graphql'));
    }
    const viewer = caller.context.viewer;
    const botRefused = botRefusal(this.deps.botDocuments, viewer, document);
    if (botRefused) return refused(botRefused);
    const variables = request.variables ?? {};
    const tooBig = limitError(measureOperation(planner.schema, document, operation, variables, { defaultListSize: this.deps.limits.defaultListSize }), this.deps.limits);
    if (tooBig) return refused(tooBig);
    let release: () => void;
    try {
      release = this.limits.acquire(viewer.subject ?? `${viewer.role}:anonymous`);
    } catch (error) {
      return refused(error as GraphQLError);
    }
    const named: GatewayContext = { ...caller.context, viewer: { ...viewer, operation: operation.name?.value ?? 'anonymous' } };
    const query = print(document);
    const forwardedHeaders = planner.subgraphNames().flatMap((name) => this.deps.subgraph(name, planner.subgraphUrl(name)).forwardHeaders);
    const key = sharingKey({ generation: this.generation, query, operationName: request.operationName, variables, caller: named, forwardedHeaders });
    const channel = new Channel<ExecutionResult>();
    let shared = this.shared.get(key);
    if (!shared?.join(channel)) {
      let planned: PlannedSubscription;
      try {
        planned = this.plannerFor(planner)({ document, operation, operationName: request.operationName, query, variables, log: this.deps.log });
      } catch (error) {
        release();
        return refused(error instanceof GraphQLError ? error : graphError(ErrorCode.BAD_USER_INPUT, `The subscription cannot be planned: ${(error as Error).message}`));
      }
      shared = this.share(key, planner, planned, named, variables);
      shared.join(channel);
      void shared.run();
    }
    this.open.add(channel);
    channel.onClose(() => {
      release();
      this.open.delete(channel);
    });
    if (caller.expiresAt !== undefined) {
      const expiry = setTimeout(() => {
        channel.push(refused(graphError(ErrorCode.UNAUTHENTICATED, 'The token has expired; subscribe again with a new one', { reason: 'TOKEN_EXPIRED' })));
        channel.end();
      }, Math.max(0, caller.expiresAt - Date.now()));
      expiry.unref();
      channel.onClose(() => clearTimeout(expiry));
    }
    return channel;
  }

  /** Ends every open subscription (gateway shutdown): clients see their streams complete and reconnect elsewhere. */
  closeAll(): void {
    for (const channel of [...this.open]) channel.end();
  }

  private share(key: string, planner: LivePlanner, planned: PlannedSubscription, caller: GatewayContext, variables: Record<string, unknown>): SharedSubscription {
    const name = planned.primary.serviceName;
    const shared: SharedSubscription = new SharedSubscription({
      planned,
      variables,
      caller,
      owner: { name, ...this.deps.subgraph(name, planner.subgraphUrl(name)) },
      config: this.deps.config,
      signIdentity: this.deps.signIdentity,
      eventGate: this.eventGate,
      log: this.deps.log,
      onEnd: () => {
        if (this.shared.get(key) === shared) this.shared.delete(key);
      },
    });
    this.shared.set(key, shared);
    return shared;
  }

  private plannerFor(planner: LivePlanner): SubscriptionPlanner {
    const engine = this.deps.engine;
    if (engine) return engineSubscriptions(engine.engine, engine.services);
    return stockSubscriptions(planner, () => this.servicesFor(planner));
  }

  private servicesFor(planner: LivePlanner): ServiceMap {
    for (const name of planner.subgraphNames()) this.services[name] ??= this.deps.buildService({ name, url: planner.subgraphUrl(name) });
    return this.services;
  }
}

function refused(error: GraphQLError): ExecutionResult {
  return { errors: [error] };
}
