import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubgraphName } from '../../common/subgraphs';
import { buildDemoWorld } from '../../demo/world';
import { startStack, type Stack, type StackOptions } from '../../scripts/stack';
import { testDatabase } from './database';
import type { Role } from '../../common/identity';
import { DEMO_SUBJECTS, signDemoToken } from '../../gateway/auth/demoTokens';

export interface GraphQLResponse<T = any> {
  status: number;
  headers: Headers;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

export interface TestGraph extends Stack {
  /** A bearer token for a role, signed with the demo secret (default subjects: see DEMO_SUBJECTS). */
  token(role: Role, subject?: string): Promise<string>;
  /** POSTs an operation to the gateway, as an agent unless `headers.authorization` says otherwise ('' = anonymous). */
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** SQL statements each subgraph has sent so far. */
  statements(): Partial<Record<SubgraphName, number>>;
}

/**
 * The whole graph in-process on random ports, each subgraph with its own fresh database
 * (PGlite, or a schema on TEST_DATABASE_URL's server) and a small demo world.
 */
export async function startTestGraph(options: StackOptions & { customers?: number } = {}): Promise<TestGraph> {
  const databases = new Map<SubgraphName, ReturnType<typeof testDatabase>>();
  // Usage goes to USAGE_STORE when the run names one (.ci/run collects the suites' traffic), else to a
  // folder of this graph's own instead of the project's .data/usage.
  const usageFolder = process.env.USAGE_STORE ? undefined : mkdtempSync(join(tmpdir(), 'graph-usage-'));
  const stack = await startStack({
    // The in-process bus unless a test passes its own env: graph tests must not share a JetStream stream, nor (with
    // REDIS_URL) the entity cache's entries and generations: each graph's databases say other things.
    env: {
      ...process.env,
      NATS_URL: '',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      USAGE_STORE: process.env.USAGE_STORE || usageFolder,
      ENTITY_CACHE_REDIS_PREFIX: `entity-cache-test-${randomUUID()}`,
    },
    randomPorts: true,
    world: buildDemoWorld({ customers: options.customers ?? 40 }),
    database: (name) => {
      const db = testDatabase(name);
      databases.set(name, db);
      return db;
    },
    ...options,
  });
  const token = (role: Role, subject?: string) => signDemoToken(stack.gateway.config.auth, role, subject ?? DEMO_SUBJECTS[role]);
  const agentToken = token('agent');
  return {
    ...stack,
    token,
    async query(query, variables, headers = {}) {
      const authorization = headers.authorization ?? `Bearer ${await agentToken}`;
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers, ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return { status: response.status, headers: response.headers, ...body };
    },
    statements() {
      return Object.fromEntries(
        Object.entries(stack.subgraphs).map(([name, subgraph]) => [name, subgraph?.db.stats.statements ?? 0]),
      );
    },
    async stop() {
      await stack.stop();
      for (const db of databases.values()) await db.cleanup();
      if (usageFolder) rmSync(usageFolder, { recursive: true, force: true });
    },
  };
}
