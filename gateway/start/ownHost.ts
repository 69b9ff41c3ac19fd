import type { RunningHost } from '../../common/http';
import { DocumentCache } from '../http/documentCache';
import { graphqlHandler } from '../http/graphqlHandler';
import { HookRuntime } from '../http/runtime';
import { serveOwnHost } from '../http/server';
import type { GatewayCore } from './core';
import { requestHooks } from './requestHooks';
import type { Served } from './served';

/**
 * GraphQL over HTTP on the gateway's own request path (`GATEWAY_HTTP=own`, with the engine): the
 * supergraph loaded, the hooks composed once from the configuration, then the host listens.
 */
export async function serveOwnPath(core: GatewayCore, { apq, routes, usage }: Served): Promise<RunningHost> {
  const { config, log, engine, agentTools } = core;
  await engine.start();
  // AGENT_TOOLS=required: a tool that does not validate against the first supergraph stops start-up, before listening.
  if (agentTools.startupError) {
    await engine.stop();
    throw agentTools.startupError;
  }
  const runtime = new HookRuntime(requestHooks(core, apq, usage));
  const documents = new DocumentCache({
    maxBytes: config.documentCacheBytes,
    maxTokens: config.maxTokens,
    introspection: config.introspection,
    hideSchemaDetails: config.hideSchemaDetails,
    registry: core.metrics?.registry,
  });
  const graphql = graphqlHandler({
    deps: { runtime, documents, engine, formatError: core.formatError, log },
    context: core.callerContext,
    maxBodyBytes: config.maxBodyBytes,
    maxBatchSize: config.maxBatchSize,
  });
  return serveOwnHost({ port: config.port, host: config.host, graphql, routes, log, stopGracePeriodMs: config.shutdownGraceMs, onStopped: () => engine.stop() });
}
