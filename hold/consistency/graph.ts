import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { dropSchema, type DatabaseOptions } from '../../common/db';
import { CACHEABLE_ENTITIES } from '../../common/entityCacheContract';
import type { Role } from '../../common/identity';
import { SUBGRAPH_NAMES, envName } from '../../common/subgraphs';
import { signDemoToken } from '../../gateway/auth/demoTokens';
import { startStack, type Stack } from '../../scripts/stack';
import { deleteStreams, testBusEnv } from '../../test/scale/events/support/busEnv';
import { TcpProxy } from '../../test/scale/events/support/tcpProxy';
import { GraphProcess } from '../chaos/cluster';
import { freePort } from '../chaos/servers';
import type { DemoWorld } from '../../demo/types';

/**
 * The graph a consistency run needs: the four subgraphs and replica `gateway-1` in this process (on
 * PostgreSQL schemas of the run's own at TEST_DATABASE_URL, or PGlite), replica `gateway-2` a process of its
 * own that can be killed, both with the entity cache on as deployed (ENTITY_CACHE=auto: NATS JetStream and
 * Redis generations). The events go over a JetStream stream and subjects of the run's own; Redis is reached
 * through a TCP relay the run can cut, under a key prefix of its own.
 */
export interface ConsistencyGraph {
  replicas: Array<{ name: string; url: string }>;
  /** The replica the run may kill and start again. */
  killable: GraphProcess;
  redisRelay: TcpProxy;
  /** Where gateway-2 logs (HOLD_LOG_LEVEL, default warn). */
  logDir: string;
  token(role: Role, subject: string): Promise<string>;
  /** Stops everything and removes what the run made; the logs stay when asked (a failed run). */
  stop(options?: { keepLogs?: boolean }): Promise<void>;
}

export async function startConsistencyGraph(world: DemoWorld): Promise<ConsistencyGraph> {
  const tag = randomBytes(4).toString('hex');
  const databaseUrl = process.env.TEST_DATABASE_URL || undefined;
  const redisUrl = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
  const redisRelay = await TcpProxy.start(`tcp://${redisUrl.hostname}:${redisUrl.port || 6379}`);
  const relayedRedis = `redis://127.0.0.1:${redisRelay.port}`;
  const prefix = `hold-consistency-${tag}`;
  const usage = mkdtempSync(join(tmpdir(), 'hold-consistency-usage-'));
  // Also in this process's environment: the stream is deleted through it at the end.
  process.env.NATS_URL ||= 'nats://127.0.0.1:4222';
  const bus = testBusEnv({ NATS_URL: process.env.NATS_URL, LOG_LEVEL: 'silent' });
  const env: NodeJS.ProcessEnv = { ...process.env, ...bus, DEMO_MODE: 'true', USAGE_STORE: usage, REDIS_URL: relayedRedis, ENTITY_CACHE: 'auto', ENTITY_CACHE_REDIS_PREFIX: prefix };
  const schemas: string[] = [];
  const database = (name: string): DatabaseOptions => {
    const schema = `hold_consistency_${name}_${tag}`;
    schemas.push(schema);
    return { url: databaseUrl, schema, poolSize: 6 };
  };
  const cleanup = async () => {
    await deleteStreams(bus).catch(() => undefined);
    if (databaseUrl) for (const schema of schemas) await dropSchema(databaseUrl, schema).catch(() => undefined);
    // Everything the replicas kept under the run's prefix (generations, and whatever else the cache keeps in Redis).
    const redis = new Redis(redisUrl.toString(), { maxRetriesPerRequest: 1 });
    try {
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
    } catch {
      // Left behind under a prefix no one else uses.
    }
    redis.disconnect();
    await redisRelay.stop();
    rmSync(usage, { recursive: true, force: true });
  };
  let stack: Stack | undefined;
  try {
    stack = await startStack({
      env,
      randomPorts: true,
      world,
      database,
      gateway: { redisUrl: relayedRedis, entityCache: { mode: 'auto', maxBytes: 50_000_000, types: Object.keys(CACHEABLE_ENTITIES), redisPrefix: prefix } },
    });
    const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [envName(name, 'URL'), stack!.subgraphs[name]!.url]));
    const port = await freePort();
    const logDir = mkdtempSync(join(tmpdir(), 'hold-consistency-'));
    const killable = await GraphProcess.start(
      'gateway-2',
      'gateway/index.ts',
      [],
      { ...env, ...urls, PORT: String(port), SUPERGRAPH_POLL_MS: '0', LOG_LEVEL: process.env.HOLD_LOG_LEVEL ?? 'warn' },
      port,
      logDir,
    );
    const auth = stack.gateway.config.auth;
    const running = stack;
    return {
      replicas: [
        { name: 'gateway-1', url: stack.gatewayUrl },
        { name: 'gateway-2', url: `${killable.origin}/graphql` },
      ],
      killable,
      redisRelay,
      logDir,
      token: (role, subject) => signDemoToken(auth, role, subject),
      async stop(options = {}) {
        await killable.down('SIGTERM');
        await running.stop();
        await cleanup();
        if (!options.keepLogs) rmSync(logDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stack?.stop().catch(() => undefined);
    await cleanup();
    throw error;
  }
}
