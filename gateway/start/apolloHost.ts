import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { serveGraphQL, type RunningHost } from '../../common/http';
import { createDocumentStore } from '../../common/documentStore';
import { useOperationResolution } from '../../common/operationResolution';
import type { GatewayContext } from '../context';
import { screenRequest } from '../limits/entryLimits';
import { EngineGateway, IncrementalDelivery } from '../engine/engineGateway';
import { useBotCatalogue } from '../plugins/useBotCatalogue';
import { useIdentity } from '../plugins/useIdentity';
import { useMetrics } from '../plugins/useMetrics';
import { useOperationLimits } from '../plugins/useOperationLimits';
import { useRequestId } from '../plugins/useRequestId';
import { useRequestLog } from '../plugins/useRequestLog';
import { useTrustedDocuments } from '../plugins/useTrustedDocuments';
import { useUsageReporting } from '../usage';
import type { GatewayCore } from './core';
import type { Served } from './served';

/**
 * GraphQL over HTTP through Apollo Server (`GATEWAY_HTTP=apollo`, and always with
 * GATEWAY_ENGINE=stock, the reference the differential corpus compares against): the gateway's
 * behaviours as Apollo Server plugins (gateway/plugins/).
 */
export async function serveApollo(core: GatewayCore, { apq, routes, usage }: Served): Promise<RunningHost> {
  const { config, log, metrics, trusted, agentTools, engine, stock } = core;
  const incremental = stock ? undefined : new IncrementalDelivery(core.formatError);
  const server = new ApolloServer<GatewayContext>({
    gateway: stock ?? new EngineGateway(engine, incremental),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // SIGTERM/SIGINT are gateway/index.ts's: Apollo's own handler re-raises the signal once the server
    // has stopped, killing the process before the rest of the shutdown (flushing traces) has run.
    stopOnTerminationSignals: false,
    formatError: core.formatError,
    hideSchemaDetailsFromClientErrors: config.hideSchemaDetails,
    parseOptions: { maxTokens: config.maxTokens },
    allowBatchedHttpRequests: config.maxBatchSize > 0,
    documentStore: createDocumentStore(config.documentCacheBytes, metrics?.registry),
    persistedQueries: apq ? { cache: apq, ttl: null } : false,
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
  const host = await serveGraphQL<GatewayContext>({
    server,
    port: config.port,
    host: config.host,
    log,
    maxBodyBytes: config.maxBodyBytes,
    maxBatchSize: config.maxBatchSize,
    // What Apollo Server cannot refuse safely itself (gateway/limits/entryLimits.ts).
    screen: (params) => screenRequest(params, config),
    stopGracePeriodMs: config.shutdownGraceMs,
    context: core.callerContext,
    incremental,
    routes,
  });
  // The stock gateway has loaded with Apollo Server: the engine takes the same supergraph.
  if (stock) await engine.start();
  return host;
}
