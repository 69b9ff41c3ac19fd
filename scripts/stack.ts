import type { DatabaseOptions } from '../common/db';
import { createEventBus } from '../common/bus/createEventBus';
import type { EventBus } from '../common/events';
import { identityPublicKeysFrom } from '../common/identity';
import { createLogger } from '../common/logger';
import { launchSubgraph, type LaunchedSubgraph } from '../common/subgraph';
import { loadSubgraphConfig } from '../common/subgraphConfig';
import { envName, type SubgraphName } from '../common/subgraphs';
import { buildDemoWorld, type DemoWorld } from '../demo/world';
import { loadGatewayConfig, type GatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { createService } from './services';

/**
 * The whole graph in one process: four subgraphs on one event bus (in-process, or NATS JetStream
 * when NATS_URL is set) and the gateway.
 * Consumers start before the publisher, so no event waits for a consumer that is on its way.
 */
const START_ORDER: SubgraphName[] = ['notifications', 'pricing', 'orders', 'support'];

export interface StackOptions {
  env?: NodeJS.ProcessEnv;
  /** Port 0 everywhere: random free ports (tests). */
  randomPorts?: boolean;
  /** Per-subgraph database options; default from the environment. */
  database?: (name: SubgraphName) => DatabaseOptions;
  /** The demo world; default built from DEMO_DATA / DEMO_CUSTOMERS. null: start empty. */
  world?: DemoWorld | null;
  bus?: EventBus;
  /** Overrides of the gateway's configuration. */
  gateway?: Partial<GatewayConfig>;
}

export interface Stack {
  gatewayUrl: string;
  gateway: RunningGateway;
  subgraphs: Partial<Record<SubgraphName, LaunchedSubgraph>>;
  bus: EventBus;
  /** Waits for background work (the outbox relay and the consumers it feeds). */
  settle(): Promise<void>;
  /** Stops one subgraph, as if it had crashed (tests of partial answers). */
  stopSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = options.env ?? process.env;
  const bus = options.bus ?? (await createEventBus(env, createLogger('event-bus', env)));
  const configs = Object.fromEntries(START_ORDER.map((name) => [name, loadSubgraphConfig(name, env)])) as Record<
    SubgraphName,
    ReturnType<typeof loadSubgraphConfig>
  >;
  const world =
    options.world === undefined
      ? configs.orders.demoData
        ? buildDemoWorld({ customers: configs.orders.demoCustomers })
        : undefined
      : (options.world ?? undefined);
  const subgraphs: Partial<Record<SubgraphName, LaunchedSubgraph>> = {};
  const stopAll = async () => {
    for (const name of [...START_ORDER].reverse()) await subgraphs[name]?.stop().catch(() => undefined);
  };
  try {
    for (const name of START_ORDER) {
      const config = configs[name];
      subgraphs[name] = await launchSubgraph(createService(name, { ordersUrl: subgraphs.orders?.url ?? '', env }), {
        port: options.randomPorts ? 0 : config.port,
        host: config.host,
        database: options.database?.(name) ?? config.database,
        bus,
        world,
        log: createLogger(name, env),
        identityKeys: identityPublicKeysFrom(env),
        env,
      });
    }
    const urls = Object.fromEntries(
      START_ORDER.map((name) => [envName(name, 'URL'), (subgraphs[name] as LaunchedSubgraph).url]),
    );
    // The gateway hears the owners' events on their bus (its entity cache is invalidated by them).
    const gatewayConfig = { ...loadGatewayConfig({ ...env, ...urls }), eventBus: bus, ...options.gateway };
    if (options.randomPorts) gatewayConfig.port = 0;
    const gateway = await startGateway(gatewayConfig, createLogger('gateway', env));
    const settle = async () => {
      for (const name of ['orders', 'support', 'notifications'] as const) await subgraphs[name]?.settle();
    };
    await settle();
    return {
      gatewayUrl: gateway.url,
      gateway,
      subgraphs,
      bus,
      settle,
      async stopSubgraph(name) {
        await subgraphs[name]?.stop();
        delete subgraphs[name];
      },
      async stop() {
        await gateway.stop();
        await stopAll();
        await bus.close();
      },
    };
  } catch (error) {
    await stopAll();
    await bus.close().catch(() => undefined);
    throw error;
  }
}
