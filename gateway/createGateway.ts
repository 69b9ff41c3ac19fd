import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, IntrospectAndCompose, type GatewayConfig as ApolloGatewayConfig } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { SUBGRAPH_NAMES } from '../common/subgraphs';
import { serveGraphQL, type RunningHost } from '../common/http';
import { createLogger, type Logger } from '../common/logger';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { useRequestId } from './plugins/useRequestId';
import { createGatewayContext } from './auth/identityContext';
import { cachedIdentitySigner } from './auth/identitySigner';
import { createTokenVerifier } from './auth/tokenVerifier';
import { useBotCatalogue } from './plugins/useBotCatalogue';
import { createMcpRoute } from '../mcp/httpRoute';
import { useIdentity } from './plugins/useIdentity';
import { supergraphSource } from './supergraphSource';
import { asDataSource, HttpSubgraphClient, type SubgraphFetch } from './subgraphClient';
import { Engine } from './engine/engine';
import { EngineGateway, IncrementalDelivery } from './engine/engineGateway';
import { followedSupergraph } from './engine/followedSupergraph';
import { registerPlanCacheMetrics } from './engine/planCache';
import type { GraphQLFormattedError } from 'graphql';
import { hideServerDetails } from './operability/hideServerDetails';
import { codeClientErrors } from '../common/clientErrorCode';
import { GatewayMetrics } from './operability/metrics';
import { ReadinessProbe } from './operability/readiness';
import { requestStats } from './operability/requestStats';
import { operabilityRoutes } from './operability/routes';
import { createPersistedQueryCache } from './persisted/apqCache';
import { createDocumentStore } from '../common/documentStore';
import { catalogueOperationNames, loadTrustedDocuments } from './persisted/manifest';
import { AgentToolSet } from './agentToolSet';
import { supergraphSubgraphs, type SupergraphSubgraph } from './supergraphSubgraphs';
import { subgraphEnvPrefix } from './config/keys';
import { useMetrics } from './plugins/useMetrics';
import { useOperationLimits } from './plugins/useOperationLimits';
import { useOperationResolution } from '../common/operationResolution';
import { useRequestLog } from './plugins/useRequestLog';
import { useTrustedDocuments } from './plugins/useTrustedDocuments';
import { serveWebSocket, sseRoute } from './live/endpoints';
import { LiveGateway } from './live/liveGateway';
import { consoleRoutes } from './console/routes';
import { startUsageReporting, usageClient, useUsageReporting } from './usage';

export interface RunningGateway extends RunningHost {
  /** The engine: it plans and runs every operation (with GATEWAY_ENGINE=stock, subscriptions only). */
  engine: Engine;
  /** GATEWAY_ENGINE=stock: the stock @apollo/gateway serving queries and mutations, the differential reference. */
  stock?: ApolloGateway;
  config: GatewayConfig;
  /** Subscriptions (gateway/live): `openCount` is back to 0 once every client has gone. */
  live: LiveGateway;
}

/** The gateway: a thin layer that plans queries over the supergraph and forwards them. */
export async function startGateway(config: GatewayConfig, log: Logger = createLogger('gateway')): Promise<RunningGateway> {
  const metrics = config.metrics ? new GatewayMetrics(catalogueOperationNames(config.operationsDir)) : undefined;
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocumentsManifest) : undefined;
  const onFetch = (fetch: SubgraphFetch) => {
    metrics?.subgraphFetch(fetch.subgraph, fetch.outcome, fetch.seconds);
    if (fetch.context?.requestId) requestStats(fetch.context).subgraphFetches += 1;
  };
  // @apollo/gateway sends usage metrics to Apollo's servers unless told not to; a graph of customer
  // data does not phone home by default (APOLLO_TELEMETRY_DISABLED=false turns it back on).
  process.env.APOLLO_TELEMETRY_DISABLED = String(config.apolloTelemetryDisabled);
  // The supergraph names each subgraph's URL; the config file or environment may say where it really is.
  const subgraphClient = ({ name, url }: { name: string; url?: string }) => {
    const subgraph = config.subgraph(name, url);
    return new HttpSubgraphClient({
      name,
      url: subgraph.url,
      timeoutMs: subgraph.timeoutMs,
      forwardHeaders: subgraph.forwardHeaders,
      identity: subgraph.identity,
      onFetch,
    });
  };
  const supergraph =
    config.supergraphSource === 'live'
      ? new IntrospectAndCompose({ subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphUrls[name] })) })
      : supergraphSource({
          location: config.supergraphUrl ?? config.supergraphPath,
          pollMs: config.supergraphPollMs,
          log,
          // Every subgraph must be reachable: a URL from the supergraph or from the configuration.
          check: (sdl) => checkSubgraphs(config, supergraphSubgraphs(sdl), log),
        });
  // GATEWAY_ENGINE=stock: stock @apollo/gateway loads the supergraph and runs queries (through the same subgraph clients); the engine follows it for subscriptions.
  const stock =
    config.engine === 'stock' ? new ApolloGateway({ supergraphSdl: supergraph, buildService: (service) => asDataSource(subgraphClient(service)), logger: log }) : undefined;
  const engine = new Engine({ supergraph: stock ? followedSupergraph(stock) : supergraph, subgraph: subgraphClient, planCacheBytes: config.planCacheBytes, log });
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => hideServerDetails(codeClientErrors(formatted, error));
  const incremental = stock ? undefined : new IncrementalDelivery(formatError);
  if (!stock && metrics) registerPlanCacheMetrics(metrics.registry, () => engine.planCache?.stats ?? { hits: 0, misses: 0, evictions: 0, bytes: 0, entries: 0 });
  // Built before the gateway loads its first supergraph: the tools are checked against every one loaded.
  const agentTools = new AgentToolSet({ mode: config.agentTools, dir: config.agentToolsDir, onReload: config.agentToolsOnReload, log: log.child({ component: 'agent-tools' }) });
  let supergraphLoaded = false;
  let probed: Record<string, string> = {};
  engine.onSchemaChange(({ apiSchema, supergraphSdl }) => {
    supergraphLoaded = true;
    // The subgraphs of the supergraph now served, those whose health is probed (by default the project's own).
    probed = {};
    for (const { name, url } of supergraphSubgraphs(supergraphSdl)) {
      const subgraph = config.subgraph(name, url);
      if (subgraph.healthCheck) probed[name] = subgraph.url;
    }
    agentTools.load(apiSchema);
  });
  const readiness = new ReadinessProbe({
    subgraphUrls: () => probed,
    supergraphLoaded: () => supergraphLoaded,
    timeoutMs: config.readyTimeoutMs,
    cacheMs: config.readyCacheMs,
  });
  const verifyToken = createTokenVerifier(config.auth);
  const signIdentity = cachedIdentitySigner(config.auth.identityKey);
  const callerContext = (req: IncomingMessage) => createGatewayContext(req, requestIdFrom(req), verifyToken, signIdentity);
  const usage = startUsageReporting(config.usageStore, log.child({ component: 'usage' }), metrics?.registry);
  const live = new LiveGateway({
    config: config.live,
    limits: config,
    subgraph: config.subgraph,
    signIdentity,
    botDocuments: agentTools,
    engine,
    log: log.child({ component: 'live' }),
    onAccepted: usage && (({ context, ...operation }) => usage.record({ ...operation, client: usageClient(context.callerHeaders, context.viewer) })),
  });
  // ioredis is loaded only when a Redis is configured: most gateways never need it at start-up.
  const redisApq =
    config.apq && config.redisUrl
      ? new (await import('./persisted/redisApqCache')).RedisPersistedQueryCache(config.redisUrl, {
          log: log.child({ component: 'apq-store' }),
          maxEntries: config.apqRedisMaxEntries,
          maxDocumentBytes: config.apqRedisMaxDocumentBytes,
          ttlSeconds: config.apqRedisTtlSeconds,
        })
      : undefined;
  await redisApq?.connected();
  const apqCache = config.apq ? (redisApq ?? createPersistedQueryCache(config.apqCacheBytes)) : undefined;
  // Agent tools call this gateway's own /graphql with the caller's credential: one pipeline for all.
  let graphUrl = '';
  const mcpRoute = agentTools.enabled
    ? createMcpRoute({ graphUrl: () => graphUrl, tools: () => agentTools.tools(), maxBodyBytes: config.maxBodyBytes })
    : undefined;
  const server = new ApolloServer<GatewayContext>({
    gateway: stock ?? new EngineGateway(engine, incremental),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // SIGTERM/SIGINT are gateway/index.ts's: Apollo's own handler re-raises the signal once the server
    // has stopped, killing the process before the rest of the shutdown (flushing traces) has run.
    stopOnTerminationSignals: false,
    formatError,
    hideSchemaDetailsFromClientErrors: config.hideSchemaDetails,
    parseOptions: { maxTokens: config.maxTokens },
    allowBatchedHttpRequests: config.maxBatchSize > 0,
    documentStore: createDocumentStore(config.documentCacheBytes, metrics?.registry),
    persistedQueries: apqCache ? { cache: apqCache, ttl: null } : false,
    plugins: [
      // Apollo's landing page loads its explorer from a CDN; browsers get the bundled one (/explorer).
      ApolloServerPluginLandingPageDisabled(),
      useRequestId(),
      useRequestLog(log),
      ...(metrics ? [useMetrics(metrics)] : []),
      useIdentity(),
      useBotCatalogue(agentTools),
      // AGENT_TOOLS=required: a tool that does not validate against the first supergraph stops start-up, before listening.
      {
        async serverWillStart() {
          if (agentTools.startupError) throw agentTools.startupError;
        },
      },
      ...(trusted ? [useTrustedDocuments(trusted)] : []),
      useOperationResolution(),
      useOperationLimits(config),
      ...(usage ? [useUsageReporting(usage)] : []),
    ],
  });
  const sse = sseRoute(live, callerContext);
  const host = await serveGraphQL<GatewayContext>({
    server,
    port: config.port,
    host: config.host,
    log,
    maxBodyBytes: config.maxBodyBytes,
    maxBatchSize: config.maxBatchSize,
    stopGracePeriodMs: config.shutdownGraceMs,
    context: callerContext,
    incremental,
    routes: { ...operabilityRoutes(readiness, metrics), ...(mcpRoute ? { '/mcp': mcpRoute } : {}), '/graphql/stream': sse, ...consoleRoutes(config.console, config.auth, log) },
  });
  // The stock gateway has loaded with Apollo Server: the engine takes the same supergraph.
  if (stock) await engine.start();
  const webSocket = serveWebSocket(host.httpServer, live, callerContext, config.live.heartbeatMs);
  graphUrl = `http://127.0.0.1:${host.port}/graphql`;
  let stopping: Promise<void> | undefined;
  log.info({ url: host.url }, 'gateway ready');
  return {
    ...host,
    engine,
    stock,
    config,
    live,
    // Not ready from the first moment of stopping; in-flight requests finish, new connections are refused.
    // Subscriptions' connections are dropped at once instead of holding the drain, and dropped rather
    // than completed: graphql-sse and graphql-ws clients reconnect (to another replica) after a drop,
    // while a completion would end their subscription for good. Then the streams behind them end.
    // Once: a second call (a test's restart, then its clean-up) waits for the first instead of failing.
    stop: () =>
      (stopping ??= (async () => {
        readiness.markStopping();
        sse.dropStreams();
        await webSocket.close();
        live.closeAll();
        await host.stop();
        await usage?.stop(); // after the last request: its count is written too
        await redisApq?.close();
      })()),
  };
}

/** A caller's own request id is kept when it is sane, so logs join up across systems. */
function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/**
 * Every subgraph must be reachable (a URL from the supergraph or the configuration: else the supergraph
 * is refused), and settings for a subgraph the supergraph lacks are most likely a misspelt name: said.
 */
function checkSubgraphs(config: GatewayConfig, subgraphs: SupergraphSubgraph[], log: Logger): void {
  for (const { name, url } of subgraphs) config.subgraph(name, url);
  const present = new Set(subgraphs.map(({ name }) => subgraphEnvPrefix(name)));
  const strays = config.configuredSubgraphs.filter((prefix) => !present.has(prefix));
  if (strays.length > 0) {
    log.warn({ configured: strays, subgraphs: subgraphs.map(({ name }) => name) }, 'the configuration sets subgraphs the supergraph does not have');
  }
}
