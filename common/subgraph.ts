import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode } from 'graphql';
import { openDatabase, type Database, type DatabaseOptions } from './db';
import type { EventBus } from './events';
import { serveGraphQL, sendJson, type RunningHost } from './http';
import { createLogger, type Logger } from './logger';
import { migrate } from './migrate';
import type { SubgraphName } from './subgraphs';
import type { DemoWorld } from '../demo/world';
import { applyAccessRules, customerOwnedTypes, type AccessRuleOptions } from './accessRules';
import { ACCESS_RECORDS_PATH, reportAccessLogged } from './accessRecords';
import { accessRecordsRoute } from './accessRecordsRoute';
import type { Route } from './http';
import { ErrorCode } from './errors';
import { codeClientErrors } from './clientErrorCode';
import { useOperationResolution } from './operationResolution';
import { guardEntityRepresentations } from './entityRepresentations';
import { processMetrics } from './processMetrics';
import { ANONYMOUS, IDENTITY_HEADER, createIdentityVerifier, identityPublicKeysFrom, verifyIdentity, type IdentityVerifier, type Viewer } from './identity';
import type { IdentityKey } from './identityKeys';
import { peerPublicKeysFrom, usePeerOperations } from './peerOperations';
import { readInt, type Env } from './config';
import { Registry } from 'prom-client';
import { createDocumentStore } from './documentStore';
import { GraphQLError } from 'graphql';
import { LiveFeed } from './live/feed';
import { subgraphStreamRoute } from './live/subgraphStream';
import { EventGate } from './live/eventGate';
import { recordingOutboxWrites, useWrittenEntities } from './outbox/writtenEntities';
import { reportValidUntil, trackingValidUntil } from './validUntil';

import { SCHEMA_DIR } from './composition';
export { SCHEMA_DIR };

/** The subgraph's SDL, read from its single source: `schema/<name>.graphql`. */
export function loadTypeDefs(name: SubgraphName): DocumentNode {
  return parse(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
}

/** What every subgraph gets from the shared runtime. */
export interface SubgraphDeps {
  name: SubgraphName;
  db: Database;
  bus: EventBus;
  log: Logger;
}

/** What every subgraph's request context holds: the caller, as the gateway vouched for them. */
export interface SubgraphContextBase extends BaseContext {
  viewer: Viewer;
}

/** What a subgraph's own code builds once it has its dependencies. */
export interface SubgraphRuntime<C extends SubgraphContextBase> {
  /** Per-request context: fresh DataLoaders, the request id (the shared runtime adds the viewer). */
  context(req: IncomingMessage): Omit<C, 'viewer'> | Promise<Omit<C, 'viewer'>>;
  /** Waits until background work started so far (outbox relay, consumers) has finished. */
  settle?(): Promise<void>;
  /** Stops background work. */
  stop?(): Promise<void>;
}

/** A subgraph as the shared runtime sees it: schema from its file, resolvers, migrations, seed. */
export interface SubgraphService<C extends SubgraphContextBase> {
  name: SubgraphName;
  resolvers: GraphQLResolverMap<C>;
  /** Owners of @customerOwned types and access-log hooks, for the access rules in the SDL. */
  accessRules?: AccessRuleOptions;
  /** Subgraphs that call this one with their own identity, and the only documents each may send (common/peerOperations.ts). */
  peerOperations?: Record<string, readonly string[]>;
  migrationsDir: string;
  /** Writes this subgraph's slice of the demo world into an empty database. */
  seed(db: Database, world: DemoWorld): Promise<void>;
  start(deps: SubgraphDeps): Promise<SubgraphRuntime<C>>;
}

export interface LaunchOptions {
  port: number;
  host?: string;
  database: DatabaseOptions;
  bus: EventBus;
  /** The demo world to seed into an empty database; none: start empty. */
  world?: DemoWorld;
  log?: Logger;
  /** The gateway's public key(s) the forwarded identity is verified with; default from IDENTITY_PUBLIC_KEY (the demo key in demo mode). */
  identityKeys?: IdentityKey[];
  /** Each peer's public key(s) (see SubgraphService.peerOperations); default from <PEER>_IDENTITY_PUBLIC_KEY. */
  peerKeys?: Record<string, IdentityKey[]>;
  /** Where keys are read from when not given; default process.env. */
  env?: Env;
  /**
   * Bound of Apollo Server's store of parsed and validated documents, in estimated heap bytes;
   * default SUBGRAPH_DOCUMENT_CACHE_BYTES, else 10,000,000 (the gateway's fetches are few distinct
   * documents; the bound is for whatever else reaches the subgraph directly).
   */
  documentCacheBytes?: number;
  /** Payloads of open subscriptions executed at once; default SUBGRAPH_LIVE_MAX_CONCURRENT_EVENTS, else 16 (the database pool holds 10 connections). */
  maxConcurrentEvents?: number;
}

/** A subgraph's default SUBGRAPH_DOCUMENT_CACHE_BYTES. */
export const SUBGRAPH_DOCUMENT_CACHE_BYTES = 10_000_000;

export interface LaunchedSubgraph extends RunningHost {
  name: SubgraphName;
  db: Database;
  /** The live feed behind this subgraph's subscriptions (`listenerCount`: open ones). */
  live: LiveFeed;
  /** Its bound on subscription payloads executed at once (`peak`: the most seen). */
  eventGate: EventGate;
  settle(): Promise<void>;
}

/** Opens the database, migrates, seeds when empty, starts background work and serves the subgraph. */
export async function launchSubgraph<C extends SubgraphContextBase>(
  service: SubgraphService<C>,
  options: LaunchOptions,
): Promise<LaunchedSubgraph> {
  const log = options.log ?? createLogger(service.name);
  // Only identities addressed to this subgraph (`aud`), signed by the gateway or by a peer it names.
  const env = options.env ?? process.env;
  const peerOperations = service.peerOperations ?? {};
  const peerKeys = Object.fromEntries(Object.keys(peerOperations).map((peer) => [peer, options.peerKeys?.[peer] ?? peerPublicKeysFrom(env, peer)]));
  const identity = createIdentityVerifier(service.name, options.identityKeys ?? identityPublicKeysFrom(env), peerKeys);
  const db = await openDatabase(options.database);
  try {
    const applied = await migrate(db, service.migrationsDir);
    // Seed only a database whose first migration just ran: a restarted service keeps its data.
    if (options.world && applied.some((version) => version.startsWith('001_'))) {
      await service.seed(db, options.world);
    }
    const runtime = await service.start({ name: service.name, db, bus: options.bus, log });
    const schema = buildSubgraphSchema({ typeDefs: loadTypeDefs(service.name), resolvers: service.resolvers as GraphQLResolverMap<unknown> });
    applyAccessRules(schema, service.accessRules);
    const accessLog = service.accessRules?.accessLog;
    guardEntityRepresentations(schema);
    const live = new LiveFeed(options.bus, log.child({ component: 'live-feed' }));
    const eventGate = new EventGate(options.maxConcurrentEvents ?? readInt(env, 'SUBGRAPH_LIVE_MAX_CONCURRENT_EVENTS', 16));
    const metrics = new Registry();
    const documentCacheBytes = options.documentCacheBytes ?? readInt(env, 'SUBGRAPH_DOCUMENT_CACHE_BYTES', SUBGRAPH_DOCUMENT_CACHE_BYTES);
    const server = new ApolloServer<C>({
      schema,
      documentStore: createDocumentStore(documentCacheBytes, metrics, 'subgraph_document_cache', 'SUBGRAPH_DOCUMENT_CACHE_BYTES'),
      includeStacktraceInErrorResponses: false,
      formatError: codeClientErrors,
      // Signals are the entry points' (scripts/): Apollo's own handler re-raises the signal once this
      // server has stopped, killing the process before the relay, the bus and the tracer are shut down.
      stopOnTerminationSignals: false,
      // Federated traces feed Apollo's hosted studio, which this graph does not use.
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        useOperationResolution<C>(),
        usePeerOperations<C>(peerOperations),
        useWrittenEntities<C>(),
        // When a clock-dependent value in a query answer next changes, for the gateway's cache (common/validUntil.ts).
        reportValidUntil<C>(),
        // What the access log wrote per entity, for the gateway's cache (common/accessRecords.ts).
        ...(accessLog ? [reportAccessLogged<C>()] : []),
      ],
    });
    // The gateway's records of logged reads it served from its cache, into this subgraph's own log.
    const accessRecords: Record<string, Route> = accessLog
      ? {
          [ACCESS_RECORDS_PATH]: accessRecordsRoute({
            subgraph: service.name,
            db,
            loggedTypes: new Set(customerOwnedTypes(schema).filter((type) => !accessLog.skip.has(type))),
            viewerOf: (req) => viewerOf(req, identity),
            log,
          }),
        }
      : {};
    const host = await serveGraphQL<C>({
      server,
      port: options.port,
      host: options.host,
      subgraph: service.name,
      log,
      around: (run) => recordingOutboxWrites(() => trackingValidUntil(run)),
      // Assigned onto the service's own object, so closures it made over its context see the viewer.
      context: async (req) => Object.assign(await runtime.context(req), { viewer: await viewerOf(req, identity) }) as C,
      routes: {
        ...accessRecords,
        // Subscriptions, for the gateway (common/live/subgraphStream.ts says why SSE).
        '/graphql/stream': subgraphStreamRoute({
          schema,
          feed: live,
          gate: eventGate,
          log,
          viewerOf: async (req) => {
            const viewer = await viewerOf(req, identity);
            // A peer's identity is for its contract's documents (common/peerOperations.ts), none of them a subscription.
            if (viewer.peer) throw new Error(`The ${viewer.peer} subgraph's identity is accepted only for the operations of its contract`);
            return viewer;
          },
          contextFor: async (req, viewer) => Object.assign(await runtime.context(req), { viewer }),
        }),
        '/health/live': (_req, res) => sendJson(res, 200, { status: 'live' }),
        '/health/ready': (_req, res) => sendJson(res, 200, { status: 'ready' }),
        // Its document store's and the plumbing's (dead letters): a subgraph process has no gateway to show them.
        '/metrics': async (_req, res) => {
          const body = (await metrics.metrics()) + (await processMetrics.metrics());
          res.setHeader('content-type', processMetrics.contentType);
          res.end(body);
        },
      },
    });
    log.info({ url: host.url }, `${service.name} subgraph ready`);
    return {
      ...host,
      name: service.name,
      db,
      live,
      eventGate,
      settle: async () => runtime.settle?.(),
      async stop() {
        await live.stop(); // open streams end, so the gateway's subscriptions move to another replica
        await host.stop();
        await runtime.stop?.();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The caller as the gateway vouched for them. No identity header: anonymous (public data only).
 * A header that does not verify is refused outright: it is forged, or from a misconfigured gateway.
 */
async function viewerOf(req: IncomingMessage, verifier: IdentityVerifier): Promise<Viewer> {
  const header = req.headers[IDENTITY_HEADER];
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) return ANONYMOUS;
  try {
    return await verifyIdentity(token, verifier);
  } catch {
    throw new GraphQLError('The forwarded identity is not valid', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
}

/** The request id the gateway forwards, for logs. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers['x-request-id'];
  return Array.isArray(value) ? value[0] : value;
}
