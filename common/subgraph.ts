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

/** What a subgraph's own code builds once it has its dependencies. */
export interface SubgraphRuntime<C extends BaseContext> {
  /** Per-request context: fresh DataLoaders, the request id. */
  context(req: IncomingMessage): C | Promise<C>;
  /** Waits until background work started so far (outbox relay, consumers) has finished. */
  settle?(): Promise<void>;
  /** Stops background work. */
  stop?(): Promise<void>;
}

/** A subgraph as the shared runtime sees it: schema from its file, resolvers, migrations, seed. */
export interface SubgraphService<C extends BaseContext> {
  name: SubgraphName;
  resolvers: GraphQLResolverMap<C>;
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
}

export interface LaunchedSubgraph extends RunningHost {
  name: SubgraphName;
  db: Database;
  settle(): Promise<void>;
}

/** Opens the database, migrates, seeds when empty, starts background work and serves the subgraph. */
export async function launchSubgraph<C extends BaseContext>(
  service: SubgraphService<C>,
  options: LaunchOptions,
): Promise<LaunchedSubgraph> {
  const log = options.log ?? createLogger(service.name);
  const db = await openDatabase(options.database);
  try {
    const applied = await migrate(db, service.migrationsDir);
    // Seed only a database whose first migration just ran: a restarted service keeps its data.
    if (options.world && applied.some((version) => version.startsWith('001_'))) {
      await service.seed(db, options.world);
    }
    const runtime = await service.start({ name: service.name, db, bus: options.bus, log });
    const server = new ApolloServer<C>({
      schema: buildSubgraphSchema({ typeDefs: loadTypeDefs(service.name), resolvers: service.resolvers as GraphQLResolverMap<unknown> }),
      includeStacktraceInErrorResponses: false,
      // Federated traces feed Apollo's hosted studio, which this graph does not use.
      plugins: [ApolloServerPluginInlineTraceDisabled()],
    });
    const host = await serveGraphQL<C>({
      server,
      port: options.port,
      host: options.host,
      context: async (req) => runtime.context(req),
      routes: {
        '/health/live': (_req, res) => sendJson(res, 200, { status: 'live' }),
        '/health/ready': (_req, res) => sendJson(res, 200, { status: 'ready' }),
      },
    });
    log.info({ url: host.url }, `${service.name} subgraph ready`);
    return {
      ...host,
      name: service.name,
      db,
      settle: async () => runtime.settle?.(),
      async stop() {
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

/** The request id the gateway forwards, for logs. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers['x-request-id'];
  return Array.isArray(value) ? value[0] : value;
}
