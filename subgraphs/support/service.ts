import { accessLogRules } from '../../common/accessLog';
import type { SubgraphService } from '../../common/subgraph';
import { createContext, type SupportContext } from './context';
import type { CustomerDirectory } from './customerDirectory';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { projectPath } from '../../common/paths';
import { OutboxRelay, type RelayOptions } from '../../common/outbox/relay';

export type { SupportContext } from './context';
export { httpCustomerDirectory, type CustomerDirectory } from './customerDirectory';

export interface SupportServiceOptions {
  /** How Support verifies customers and orders it does not own (HTTP to Orders in production). */
  customerDirectory: CustomerDirectory;
  relay?: Omit<RelayOptions, 'source'>;
}

export function createSupportService(options: SupportServiceOptions): SubgraphService<SupportContext> {
  return {
    name: 'support',
    resolvers,
    // Support's Customer is Orders' customer plus the list of cases: the cases are what is logged.
    accessRules: accessLogRules({ skip: ['Customer'] }),
    migrationsDir: projectPath('subgraphs', 'support', 'migrations'),
    seed,
    async start({ db, bus, log }) {
      // Support's events (cases opened, interactions added) feed only live screens: each commit kicks the
      // relay, so it looks for leftovers (a failed publish) once a minute, not every second like Orders',
      // whose events a customer's notification waits for.
      const relay = new OutboxRelay(db, bus, log.child({ component: 'outbox-relay' }), { intervalMs: 60_000, ...options.relay, source: 'support' });
      relay.start();
      return {
        context: (req) => createContext(req, db, options.customerDirectory, () => relay.kick()),
        settle: () => relay.drain(),
        stop: () => relay.stop(),
      };
    },
  };
}
