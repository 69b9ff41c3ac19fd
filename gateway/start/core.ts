import type { IncomingMessage } from 'node:http';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import type { GraphQLFormattedError } from 'graphql';
import { codeClientErrors } from '../../common/clientErrorCode';
import { ensureRequestId } from '../../common/http';
import type { Logger } from '../../common/logger';
import { SUBGRAPH_NAMES } from '../../common/subgraphs';
import { AgentToolSet } from '../agentToolSet';
import { createGatewayContext } from '../auth/identityContext';
import { cachedIdentitySigner, type IdentitySigner } from '../auth/identitySigner';
import { createTokenVerifier, type TokenVerifier } from '../auth/tokenVerifier';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../context';
import { authorizationGuard } from '../authz/authorizationGuard';
import { Engine } from '../engine/engine';
import { readCostDirectives, registerCostDirectives } from '../limits/directiveCost';
import { createEntityCache } from '../entityCache/createEntityCache';
import type { EntityCache } from '../entityCache/entityCache';
import { followedSupergraph } from '../engine/followedSupergraph';
import { registerPlanCacheMetrics } from '../engine/planCache';
import { hideServerDetails } from '../operability/hideServerDetails';
import { GatewayMetrics } from '../operability/metrics';
import { ReadinessProbe } from '../operability/readiness';
import { catalogueOperationNames, loadTrustedDocuments, type TrustedDocuments } from '../persisted/manifest';
import { asDataSource } from '../subgraphClient';
import { supergraphSource } from '../supergraphSource';
import { supergraphSubgraphs } from '../supergraphSubgraphs';
import { checkSubgraphs, subgraphClients } from './subgraphServices';
import { withBoundedMessage } from '../limits/errorEcho';

/** What both request paths (and the live graph, MCP and the routes) are built from. */
export interface GatewayCore {
  config: GatewayConfig;
  log: Logger;
  metrics?: GatewayMetrics;
  trusted?: TrustedDocuments;
  /** The engine: it plans and runs every operation (with GATEWAY_ENGINE=stock, subscriptions only). */
  engine: Engine;
  /** GATEWAY_ENGINE=stock: the stock @apollo/gateway serving queries and mutations, the differential reference. */
  stock?: ApolloGateway;
  /** ENTITY_CACHE: the engine's entity cache (never with the stock executor). */
  entityCache?: EntityCache;
  /** How errors reach clients: every one coded, no server details. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  agentTools: AgentToolSet;
  readiness: ReadinessProbe;
  signIdentity: IdentitySigner;
  /** Verifies a bearer token as every entry point does (/mcp asks before anything else). */
  verifyToken: TokenVerifier;
  /** The verified caller of a request. */
  callerContext: (req: IncomingMessage) => Promise<GatewayContext>;
}

/** The supergraph, the engine (and stock gateway), the agent tools, readiness and the caller's verification. */
export function gatewayCore(config: GatewayConfig, log: Logger): GatewayCore {
  const metrics = config.metrics ? new GatewayMetrics(catalogueOperationNames(config.operationsDir)) : undefined;
  const trusted = config.trustedDocuments ? loadTrustedDocuments(config.trustedDocumentsManifest) : undefined;
  const subgraphClient = subgraphClients(config, metrics);
  // @apollo/gateway sends usage metrics to Apollo's servers unless told not to; a graph of customer
  // data does not phone home by default (APOLLO_TELEMETRY_DISABLED=false turns it back on).
  process.env.APOLLO_TELEMETRY_DISABLED = String(config.apolloTelemetryDisabled);
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
  const entityCache = stock ? undefined : createEntityCache(config, log.child({ component: 'entity-cache' }), metrics?.registry);
  const engine = new Engine({
    supergraph: stock ? followedSupergraph(stock) : supergraph,
    subgraph: subgraphClient,
    planCacheBytes: config.planCacheBytes,
    planner: config.planner,
    log,
    entityCache,
    guard: authorizationGuard(config.authorization, log),
  });
  // Each supergraph's @cost/@listSize weigh the operations measured against its API schema (gateway/limits/directiveCost.ts).
  engine.onSchemaChange(({ apiSchema }) => registerCostDirectives(apiSchema, readCostDirectives(engine.schemas!.supergraph)));
  // A new supergraph plans other fetches: entries of the old ones would only take room.
  engine.onSchemaChange(() => entityCache?.clear());
  // Bounded last: an error never echoes a large input back (gateway/limits/errorEcho.ts).
  const formatError = (formatted: GraphQLFormattedError, error: unknown) => withBoundedMessage(hideServerDetails(codeClientErrors(formatted, error)));
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
  // The caller's request id when sane (the HTTP host has settled it already; a WebSocket upgrade has not).
  const callerContext = (req: IncomingMessage) => createGatewayContext(req, ensureRequestId(req), verifyToken, signIdentity);
  return { config, log, metrics, trusted, engine, stock, entityCache, formatError, agentTools, readiness, signIdentity, verifyToken, callerContext };
}
