import type { SubgraphService } from '../../common/subgraph';
import { requestIdOf } from '../../common/subgraph';
import type { OrdersContext } from './context';
import { ANONYMOUS, type Viewer } from '../../common/identity';
import { accessLogRules, createAccessLogger } from '../../common/accessLog';
import { createLoaders } from './loaders';
import { OutboxRelay, type RelayOptions } from './relay';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { projectPath } from '../../common/paths';
import { CUSTOMER_DIRECTORY_OPERATIONS, CUSTOMER_DIRECTORY_PEER } from '../../common/customerDirectoryContract';

export interface OrdersOptions {
  /** Where return labels are served from; RETURN_LABEL_BASE_URL. */
  labelBaseUrl?: string;
  relay?: RelayOptions;
}

export function createOrdersService(options: OrdersOptions = {}): SubgraphService<OrdersContext> {
  const labelBaseUrl = (options.labelBaseUrl ?? process.env.RETURN_LABEL_BASE_URL ?? 'https://returns.example.com').replace(/\/$/, '');
  return {
    name: 'orders',
    resolvers,
    accessRules: accessLogRules(),
    // Support checks customers and orders here with an identity of its own, for these documents only.
    peerOperations: { [CUSTOMER_DIRECTORY_PEER]: CUSTOMER_DIRECTORY_OPERATIONS },
    migrationsDir: projectPath('subgraphs', 'orders', 'migrations'),
    seed,
    async start({ db, bus, log }) {
      const relay = new OutboxRelay(db, bus, log.child({ component: 'outbox-relay' }), options.relay);
      relay.start();
      return {
        context: (req) => {
          const context: Omit<OrdersContext, 'viewer'> = {
            requestId: requestIdOf(req),
            db,
            loaders: createLoaders(db),
            now: new Date(),
            labelBaseUrl,
            afterCommit: () => relay.kick(),
            // The shared runtime adds the viewer to this object before any resolver runs.
            accessLog: createAccessLogger(db, (): Viewer => (context as Partial<OrdersContext>).viewer ?? ANONYMOUS),
          };
          return context;
        },
        settle: () => relay.drain(),
        stop: () => relay.stop(),
      };
    },
  };
}

export const ordersService = createOrdersService();
