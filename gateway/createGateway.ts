import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
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
import { SubgraphDataSource, type SubgraphFetch } from './SubgraphDataSource';
import { GATEWAY_VERSION, installOperationCache } from './operationCache';
import { hideServerDetails } from './operability/hideServerDetails';
import { codeClientErrors } from '../common/clientErrorCode';
import { GatewayMetrics } from './operability/metrics';
import { ReadinessProbe } from './operability/readiness';
import { requestStats } from './operability/requestStats';
import { operabilityRoutes } from './operability/routes';
import { createPersistedQueryCache } from './persisted/apqCache';
import { catalogueOperationNames, loadTrustedDocuments, trustedDocumentsIn } from './persisted/manifest';
import { useMetrics } from './plugins/useMetrics';
import { useOperationLimits } from './plugins/useOperationLimits';
import { useOperationResolution } from '../common/operationResolution';
import { useRequestLog } from './plugins/useRequestLog';
import { useTrustedDocuments } from './plugins/useTrustedDocuments';
import { projectPath } from '../common/paths';

const AGENT_OPERATIONS_DIR = projectPath('schema', 'operations', 'agent');

export interface RunningGateway extends RunningHost {
  gateway: ApolloGateway;
  config: GatewayConfig;
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
  if (!installOperationCache()) log.warn({ expected: GATEWAY_VERSION }, 'operation cache not installed: @apollo/gateway is not the version it was written for');
  const gateway = new ApolloGateway({
    supergraphSdl:
      config.supergraphSource === 'live'
        ? new IntrospectAndCompose({ subgraphs: SUBGRAPH_NAMES.map((name) => ({ name, url: config.subgraphUrls[name] })) })
        : supergraphSource({ location: config.supergraphUrl ?? config.supergraphPath, pollMs: config.supergraphPollMs, log }),
    // The supergraph names each subgraph's URL; the config file or environment may say where it really is.
    buildService: ({ name, url }) => {
      const subgraph = config.subgraph(name, url);
      return new SubgraphDataSource({ name, url: subgraph.url, timeoutMs: subgraph.timeoutMs, onFetch });
    },
    logger: log,
  });
  let supergraphLoaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });
  const readiness = new ReadinessProbe({
    subgraphUrls: config.subgraphUrls,
    supergraphLoaded: () => supergraphLoaded,
    timeoutMs: config.readyTimeoutMs,
    cacheMs: config.readyCacheMs,
  });
  const verifyToken = createTokenVerifier(config.auth);
  const signIdentity = cachedIdentitySigner(config.auth.identitySecret);
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
  const apqCache = config.apq ? (redisApq ?? createPersistedQueryCache(config.apqCacheBytes)) : undefined;
  // Agent tools call this gateway's own /graphql with the caller's credential: one pipeline for all.
  // Built before listening, so an invalid tool operation stops the gateway at start-up.
  let graphUrl = '';
  const mcpRoute = createMcpRoute({ graphUrl: () => graphUrl, supergraphPath: config.supergraphPath, maxBodyBytes: config.maxBodyBytes });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // SIGTERM/SIGINT are gateway/index.ts's: Apollo's own handler re-raises the signal once the server
    // has stopped, killing the process before the rest of the shutdown (flushing traces) has run.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => hideServerDetails(codeClientErrors(formatted, error)),
    hideSchemaDetailsFromClientErrors: config.hideSchemaDetails,
    parseOptions: { maxTokens: config.maxTokens },
    allowBatchedHttpRequests: config.maxBatchSize > 0,
    persistedQueries: apqCache ? { cache: apqCache, ttl: null } : false,
    plugins: [
      useRequestId(),
      useRequestLog(log),
      ...(metrics ? [useMetrics(metrics)] : []),
      useIdentity(),
      useBotCatalogue(trustedDocumentsIn(AGENT_OPERATIONS_DIR)),
      ...(trusted ? [useTrustedDocuments(trusted)] : []),
      useOperationResolution(),
      useOperationLimits(config),
    ],
  });
  const host = await serveGraphQL<GatewayContext>({
    server,
    port: config.port,
    host: config.host,
    log,
    maxBodyBytes: config.maxBodyBytes,
    maxBatchSize: config.maxBatchSize,
    stopGracePeriodMs: config.shutdownGraceMs,
    context: (req: IncomingMessage) => createGatewayContext(req, requestIdFrom(req), verifyToken, signIdentity),
    routes: { ...operabilityRoutes(readiness, metrics), '/mcp': mcpRoute },
  });
  graphUrl = `http://127.0.0.1:${host.port}/graphql`;
  log.info({ url: host.url }, 'gateway ready');
  return {
    ...host,
    gateway,
    config,
    // Not ready from the first moment of stopping; in-flight requests finish, new connections are refused.
    stop: async () => {
      readiness.markStopping();
      await host.stop();
      await redisApq?.close();
    },
  };
}

/** A caller's own request id is kept when it is sane, so logs join up across systems. */
function requestIdFrom(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  const value = Array.isArray(given) ? given[0] : given;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}
