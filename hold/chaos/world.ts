import { loadAuthConfig } from '../../gateway/auth/authConfig';
import { signDemoToken } from '../../gateway/auth/demoTokens';
import { startCluster, type Cluster } from './cluster';
import { ChaosDatabase } from './database';
import { PrivateServer } from './servers';

/** Everything a chaos or soak run stands on: its own database, brokers and graph processes. */
export interface World {
  db: ChaosDatabase;
  nats: PrivateServer;
  redis: PrivateServer;
  cluster: Cluster;
  token: string;
  gatewayOrigins(): string[];
  stop(): Promise<void>;
}

export async function startWorld(options: { customers?: number } = {}): Promise<World> {
  const db = await ChaosDatabase.create();
  const nats = await PrivateServer.nats();
  const redis = await PrivateServer.redis();
  try {
    const cluster = await startCluster({ databaseUrl: db.url, natsUrl: nats.url, redisUrl: redis.url, customers: options.customers });
    const token = await signDemoToken(loadAuthConfig({ DEMO_MODE: 'true' }), 'agent', 'agent-hold');
    return {
      db,
      nats,
      redis,
      cluster,
      token,
      gatewayOrigins: () => cluster.gateways.map((g) => g.origin),
      async stop() {
        await cluster.stop();
        await Promise.all([nats.stop(), redis.stop()]);
        await db.drop();
      },
    };
  } catch (error) {
    await Promise.all([nats.stop(), redis.stop()]);
    await db.drop();
    throw error;
  }
}
