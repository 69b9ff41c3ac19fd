import type { ApolloGateway } from '@apollo/gateway';
import type { RunningHost } from '../common/http';
import { createLogger, type Logger } from '../common/logger';
import { ownOrigin } from '../common/listenAddress';
import { createMcpRoute } from '../mcp/httpRoute';
import { mcpAuthentication, resourceMetadataRoutes } from './auth/mcpAuthorization';
import type { GatewayConfig } from './config';
import { consoleRoutes } from './console/routes';
import type { Engine } from './engine/engine';
import { serveWebSocket, sseRoute } from './live/endpoints';
import { LiveGateway } from './live/liveGateway';
import { followInvalidations } from './entityCache/invalidationFeed';
import { opsListenerOwnPort } from './operability/opsConfig';
import { startOpsListener, type OpsListener } from './operability/opsListener';
import { operabilityRoutes } from './operability/routes';
import { serveApollo } from './start/apolloHost';
import { gatewayCore } from './start/core';
import { serveOwnPath } from './start/ownHost';
import { persistedQueryStore } from './start/persistedQueryStore';
import { startUsageReporting, usageClient } from './usage';

export interface RunningGateway extends RunningHost {
  /** The engine: it plans and runs every operation (with GATEWAY_ENGINE=stock, subscriptions only). */
  engine: Engine;
  /** GATEWAY_ENGINE=stock: the stock @apollo/gateway serving queries and mutations, the differential reference. */
  stock?: ApolloGateway;
  config: GatewayConfig;
  /** Subscriptions (gateway/live): `openCount` is back to 0 once every client has gone. */
  live: LiveGateway;
  /** Who serves GraphQL over HTTP: the gateway's own request path, or Apollo Server. */
  http: 'own' | 'apollo';
  /** Where /health/* and /metrics answer: the operations listener (OPS_PORT), or the main one. */
  opsOrigin: string;
}

/**
 * The gateway: plans queries over the supergraph and forwards them. Composed here from its parts
 * (gateway/start/): the core (supergraph, engine, callers), usage reporting, the live graph, the
 * persisted-query store, the routes beside /graphql, then GraphQL over HTTP on the gateway's own request path
 * (GATEWAY_HTTP=own; never with GATEWAY_ENGINE=stock) or through Apollo Server, and the WebSocket.
 */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger('gateway')): Promise<RunningGateway> {
  const core = gatewayCore(config, log);
  const { engine, stock, agentTools, callerContext } = core;
  const usage = startUsageReporting(config.usageStore, log.child({ component: 'usage' }), core.metrics?.registry);
  const live = new LiveGateway({
    config: config.live,
    subgraph: config.subgraph,
    signIdentity: core.signIdentity,
    botDocuments: agentTools,
    engine,
    log: log.child({ component: 'live' }),
    onAccepted: usage && (({ context, ...operation }) => usage.record({ ...operation, client: usageClient(context.callerHeaders, context.viewer) })),
  });
  const apq = await persistedQueryStore(config, log);
  const invalidations = core.entityCache ? await followInvalidations(core.entityCache, config, log.child({ component: 'entity-cache' })) : undefined;
  // Agent tools call this gateway's own /graphql with the caller's credential: one pipeline for all.
  let graphUrl = '';
  const mcpRoute = agentTools.enabled
    ? createMcpRoute({
        graphUrl: () => graphUrl,
        tools: () => agentTools.tools(),
        maxBodyBytes: config.maxBodyBytes,
        authentication: mcpAuthentication(core.verifyToken, config.publicUrl),
      })
    : undefined;
  // The live transports keep /graphql's limits (gateway/limits/entryLimits.ts).
  const liveEndpoints = { limits: config, log: log.child({ component: 'live' }) };
  const sse = sseRoute(live, callerContext, liveEndpoints);
  // /health/* and /metrics: a listener of their own (OPS_PORT), or the main one behind OPS_TOKEN when set.
  const opsRoutes = operabilityRoutes(core.readiness, core.metrics, config.ops.token);
  const opsOwnPort = opsListenerOwnPort(config.ops, config.port);
  const routes = {
    ...(opsOwnPort ? {} : opsRoutes),
    ...(mcpRoute ? { '/mcp': mcpRoute, ...resourceMetadataRoutes(config.auth, config.publicUrl) } : {}),
    '/graphql/stream': sse,
    ...consoleRoutes(config.console, config.auth, log),
  };
  const http = !stock && config.http === 'own' ? 'own' : 'apollo';
  const served = { apq: apq?.cache, routes, usage };
  const host = http === 'own' ? await serveOwnPath(core, served) : await serveApollo(core, served);
  let ops: OpsListener | undefined;
  try {
    ops = opsOwnPort ? await startOpsListener(opsRoutes, config.ops.port!, config.ops.host, log) : undefined;
  } catch (error) {
    await host.stop();
    await invalidations?.stop();
    throw error;
  }
  const webSocket = serveWebSocket(host.httpServer, live, callerContext, config.live.heartbeatMs, liveEndpoints);
  // The address actually listened on: with HOST naming one address, 127.0.0.1 may not be it.
  graphUrl = `${ownOrigin(host.httpServer)}/graphql`;
  let stopping: Promise<void> | undefined;
  log.info({ url: host.url, http, operations: ops?.origin }, 'gateway ready');
  return {
    ...host,
    engine,
    stock,
    config,
    live,
    http,
    opsOrigin: ops?.origin ?? ownOrigin(host.httpServer),
    // Not ready from the first moment of stopping; in-flight requests finish, new connections are refused.
    // Subscriptions' connections are dropped at once instead of holding the drain, and dropped rather
    // than completed: graphql-sse and graphql-ws clients reconnect (to another replica) after a drop,
    // while a completion would end their subscription for good. Then the streams behind them end.
    // Once: a second call (a test's restart, then its clean-up) waits for the first instead of failing.
    stop: () =>
      (stopping ??= (async () => {
        core.readiness.markStopping();
        sse.dropStreams();
        await webSocket.close();
        live.closeAll();
        await host.stop();
        await usage?.stop(); // after the last request: its count is written too
        await engine.stop(); // idempotent; with GATEWAY_ENGINE=stock Apollo Server stops only the stock gateway
        await apq?.close();
        await invalidations?.stop();
        await ops?.stop(); // last: /health/ready says 503 until the gateway has stopped
      })()),
  };
}
