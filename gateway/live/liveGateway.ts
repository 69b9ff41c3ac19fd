import { getOperationAST, GraphQLError, print, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import { botRefusal, type BotCatalogue } from '../plugins/useBotCatalogue';
import type { Logger } from '../../common/logger';
import type { IdentitySigner } from '../auth/identitySigner';
import type { GatewayContext } from '../context';
import type { Engine } from '../engine/engine';
import { AsyncQueue } from '../../common/asyncQueue';
import type { LiveConfig } from './liveConfig';
import { planSubscription, type PlannedSubscription } from './plannedSubscription';
import { SharedSubscription } from './sharedSubscription';
import { sharingKey } from './sharingKey';
import { SubscriptionLimits } from './subscriptionLimits';
import { EventGate } from '../../common/live/eventGate';

export interface LiveGatewayDeps {
  config: LiveConfig;
  /** Where a subgraph of the supergraph really is (the config may move it) and whether it is sent the identity. */
  subgraph(name: string, supergraphUrl?: string): { url: string; identity: boolean; forwardHeaders: readonly string[] };
  signIdentity: IdentitySigner;
  /** The bot role subscribes only with these documents, as it queries only with them. */
  botDocuments: BotCatalogue;
  /**
   * The gateway engine: its supergraph, schemas and planner are the subscriptions' too, and it runs
   * each event's rest of the plan through the same subgraph clients as queries (with
   * GATEWAY_ENGINE=stock it follows the stock gateway's supergraph and serves subscriptions only).
   */
  engine: Pick<Engine, 'planSubscription' | 'apiSchema' | 'subgraphs' | 'onSchemaChange' | 'guardErrors'>;
  log: Logger;
  /** Called once for each subscription accepted (usage reporting), whatever its transport. */
  onAccepted?(accepted: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; context: GatewayContext }): void;
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
 * Federated subscriptions: each is planned by the engine's query planner, its primary fetch held
 * open on the owning subgraph, and every event it sends answered with the rest of the plan.
 * Subscribers with the same document, variables and identity share that work (SharedSubscription).
 * Transport-free: the graphql-sse and graphql-ws endpoints (endpoints.ts) both call subscribe().
 */
export class LiveGateway {
  private generation = 0;
  private readonly open = new Set<AsyncQueue<ExecutionResult>>();
  private readonly shared = new Map<string, SharedSubscription>();
  readonly limits: SubscriptionLimits;
  /** At most LIVE_MAX_CONCURRENT_EVENTS events executed at once, across every subscription. */
  readonly eventGate: EventGate;

  constructor(private readonly deps: LiveGatewayDeps) {
    this.limits = new SubscriptionLimits(deps.config);
    this.eventGate = new EventGate(deps.config.maxConcurrentEvents);
    // A subscription planned on one supergraph is never shared with one planned on the next.
    deps.engine.onSchemaChange(() => void (this.generation += 1));
  }

  /** The client-facing schema documents are validated against; undefined until the supergraph is loaded. */
  get schema(): GraphQLSchema | undefined {
    return this.deps.engine.apiSchema;
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
    const { engine } = this.deps;
    const schema = engine.apiSchema;
    if (!schema) return refused(graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The gateway has not loaded its supergraph yet'));
    const { document, caller } = request;
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation) return refused(graphError(ErrorCode.BAD_USER_INPUT, 'No operation of that name in the document'));
    if (operation.operation !== 'subscription') {
      return refused(graphError(ErrorCode.BAD_USER_INPUT, 'Only subscriptions are served here; send queries and mutations to POST /graphql'));
    }
    const viewer = caller.context.viewer;
    const botRefused = botRefusal(this.deps.botDocuments, viewer, document);
    if (botRefused) return refused(botRefused);
    // Depth, aliases, root fields and cost were checked where the operation came in (gateway/limits/entryLimits.ts).
    const variables = request.variables ?? {};
    let release: () => void;
    try {
      release = this.limits.acquire(viewer.subject ?? `${viewer.role}:anonymous`);
    } catch (error) {
      return refused(error as GraphQLError);
    }
    const named: GatewayContext = { ...caller.context, viewer: { ...viewer, operation: operation.name?.value ?? 'anonymous' } };
    // A field the caller may not see (the supergraph's @authenticated, @requiresScopes, @policy) refuses the subscription.
    const unauthorized = engine.guardErrors({ document, operationName: request.operationName ?? undefined, variables, context: named });
    if (unauthorized?.length) {
      release();
      return { errors: [...unauthorized] };
    }
    const query = print(document);
    const subgraphs = engine.subgraphs;
    const forwardedHeaders = subgraphs.flatMap(({ name, url }) => this.deps.subgraph(name, url).forwardHeaders);
    const key = sharingKey({ generation: this.generation, query, operationName: request.operationName, variables, caller: named, forwardedHeaders });
    const channel = new AsyncQueue<ExecutionResult>();
    let shared = this.shared.get(key);
    if (!shared?.join(channel)) {
      let planned: PlannedSubscription;
      try {
        planned = planSubscription(engine, { document, operation, operationName: request.operationName, query, variables, log: this.deps.log });
      } catch (error) {
        release();
        return refused(error instanceof GraphQLError ? error : graphError(ErrorCode.BAD_USER_INPUT, `The subscription cannot be planned: ${(error as Error).message}`));
      }
      shared = this.share(key, subgraphs, planned, named, variables);
      shared.join(channel);
      void shared.run();
    }
    this.open.add(channel);
    this.deps.onAccepted?.({ schema, document, operationName: request.operationName, context: caller.context });
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

  private share(key: string, subgraphs: Engine['subgraphs'], planned: PlannedSubscription, caller: GatewayContext, variables: Record<string, unknown>): SharedSubscription {
    const name = planned.primary.serviceName;
    const url = subgraphs.find((subgraph) => subgraph.name === name)?.url;
    const shared: SharedSubscription = new SharedSubscription({
      planned,
      variables,
      caller,
      owner: { name, ...this.deps.subgraph(name, url) },
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
}

function refused(error: GraphQLError): ExecutionResult {
  return { errors: [error] };
}
