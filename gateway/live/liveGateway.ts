import type { ApolloGateway, GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { getOperationAST, GraphQLError, print, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import { identityHeaders } from '../auth/identityHeaders';
import { botRefusal, type BotCatalogue } from '../plugins/useBotCatalogue';
import type { Logger } from '../../common/logger';
import type { IdentitySigner } from '../auth/identitySigner';
import type { GatewayContext } from '../context';
import { measureOperation } from '../limits/measureOperation';
import { limitError, type OperationLimits } from '../limits/operationLimits';
import { Channel } from './channel';
import { executeEvent } from './executeEvent';
import type { LiveConfig } from './liveConfig';
import { LivePlanner, type SubscriptionPlan } from './livePlanner';
import { openPrimaryStream, streamUrlOf, type PrimaryStream } from './primaryStream';
import { SubscriptionLimits } from './subscriptionLimits';

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
 * Transport-free: the graphql-sse and graphql-ws endpoints (endpoints.ts) both call subscribe().
 */
export class LiveGateway {
  private planner: LivePlanner | undefined;
  private services: ServiceMap = Object.create(null);
  private readonly open = new Set<Channel<ExecutionResult>>();
  readonly limits: SubscriptionLimits;

  constructor(private readonly deps: LiveGatewayDeps) {
    this.limits = new SubscriptionLimits(deps.config);
  }

  /** Plans with whatever supergraph the gateway loads, now and after every reload. */
  attach(gateway: ApolloGateway): void {
    gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.planner = LivePlanner.fromSupergraph(coreSupergraphSdl, apiSchema);
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
    let plan: SubscriptionPlan;
    try {
      plan = planner.plan(document, request.operationName);
    } catch (error) {
      release();
      return refused(error instanceof GraphQLError ? error : graphError(ErrorCode.BAD_USER_INPUT, `The subscription cannot be planned: ${(error as Error).message}`));
    }
    const named = { ...caller.context, viewer: { ...viewer, operation: operation.name?.value ?? 'anonymous' } };
    const channel = new Channel<ExecutionResult>();
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
    void this.run(channel, planner, plan, named, variables, print(document));
    return channel;
  }

  /** Ends every open subscription (gateway shutdown): clients see their streams complete and reconnect elsewhere. */
  closeAll(): void {
    for (const channel of [...this.open]) channel.end();
  }

  /** Holds the primary stream open, re-opening it when lost, and answers each of its events. */
  private async run(channel: Channel<ExecutionResult>, planner: LivePlanner, plan: SubscriptionPlan, caller: GatewayContext, variables: Record<string, unknown>, query: string): Promise<void> {
    const { config, signIdentity, log } = this.deps;
    const owner = plan.primary.serviceName;
    const subgraph = this.deps.subgraph(owner, planner.subgraphUrl(owner));
    const primaryVariables = Object.fromEntries((plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));
    const eventContext = (): GatewayContext => ({ requestId: caller.requestId, viewer: caller.viewer, callerHeaders: caller.callerHeaders, identity: (audience) => signIdentity(caller.viewer, audience) });
    let failures = 0;
    let stream: PrimaryStream | undefined;
    channel.onClose(() => stream?.close());
    while (!channel.closed) {
      stream = openPrimaryStream({
        url: streamUrlOf(subgraph.url),
        query: plan.primary.operation,
        variables: primaryVariables,
        operationName: plan.primary.operationName,
        // The same headers the gateway's fetches carry (SubgraphDataSource.willSendRequest), the identity addressed to the owner.
        headers: () => identityHeaders(eventContext(), { name: owner, identity: subgraph.identity, forwardHeaders: subgraph.forwardHeaders }),
      });
      try {
        for (;;) {
          const item = await stream.next();
          if (item.done || channel.closed) break;
          failures = 0;
          if (!item.value.data) {
            // Refused by the owner (not the caller's record, unknown id): said once, then the end.
            channel.push({ errors: (item.value.errors ?? []).map(asGraphQLError) });
            channel.end();
            return;
          }
          channel.push(await executeEvent(item.value, { planner, plan, services: this.servicesFor(planner), context: eventContext(), variables, query, log }));
        }
      } catch (error) {
        if (!channel.closed) log.warn({ err: error, subgraph: owner }, 'subscription stream to the subgraph lost');
      } finally {
        stream.close();
      }
      if (channel.closed) return;
      failures += 1;
      if (failures > config.primaryRetries) {
        channel.push(refused(graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${owner} subgraph's stream was lost and could not be re-opened`, { serviceName: owner })));
        channel.end();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, config.retryDelayMs * 2 ** (failures - 1)));
    }
  }

  private servicesFor(planner: LivePlanner): ServiceMap {
    for (const name of planner.subgraphNames()) this.services[name] ??= this.deps.buildService({ name, url: planner.subgraphUrl(name) });
    return this.services;
  }
}

/** The owner's error as it came over the wire (plain JSON), code and all. */
function asGraphQLError(error: { message: string; extensions?: Record<string, unknown> }): GraphQLError {
  return new GraphQLError(error.message, { extensions: error.extensions });
}

function refused(error: GraphQLError): ExecutionResult {
  return { errors: [error] };
}
