import { createEventBus } from '../common/bus/createEventBus';
import { announceDemoMode } from '../common/demoNotice';
import { isDemoMode } from '../common/identity';
import { createLogger } from '../common/logger';
import { startTracing } from '../common/tracing';
import { launchSubgraph } from '../common/subgraph';
import { loadSubgraphConfig } from '../common/subgraphConfig';
import { SUBGRAPH_NAMES, defaultSubgraphUrl, isSubgraphName } from '../common/subgraphs';
import { buildDemoWorld } from '../demo/world';
import { createService } from './services';

/**
 * `npm run start:subgraph -- <name>`: one subgraph alone, configured from the environment.
 * With NATS_URL its events go over NATS JetStream to the other processes; without it, on the
 * in-process bus, its events stay in its outbox until a consumer in this process can take them.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !isSubgraphName(name)) {
    console.error(`usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join('|')}>`);
    process.exit(2);
  }
  const config = loadSubgraphConfig(name);
  announceDemoMode(isDemoMode(process.env));
  const log = createLogger(name);
  const tracing = await startTracing(`subgraph-${name}`, process.env, log);
  const bus = await createEventBus(process.env, log.child({ component: 'event-bus' }));
  const service = createService(name, { ordersUrl: process.env.ORDERS_URL ?? defaultSubgraphUrl('orders') });
  const running = await launchSubgraph(service, {
    port: config.port,
    host: config.host,
    database: config.database,
    bus,
    world: config.demoData ? buildDemoWorld({ customers: config.demoCustomers }) : undefined,
    log,
  }).catch(async (error: unknown) => {
    await bus.close();
    throw error;
  });
  console.log(`${name} subgraph: ${running.url}`);
  const shutdown = async () => {
    await running.stop();
    await bus.close();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
