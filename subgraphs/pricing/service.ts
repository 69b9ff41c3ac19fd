import type { SubgraphService } from '../../common/subgraph';
import { createContext, type PricingContext } from './context';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { projectPath } from '../../common/paths';
import { OutboxRelay, type RelayOptions } from '../../common/outbox/relay';

export type { PricingContext } from './context';

export interface PricingServiceOptions {
  relay?: Omit<RelayOptions, 'source'>;
}

/** The catalogue and the one price engine every channel reads. */
export function createPricingService(options: PricingServiceOptions = {}): SubgraphService<PricingContext> {
  return {
    name: 'pricing',
    resolvers,
    migrationsDir: projectPath('subgraphs', 'pricing', 'migrations'),
    seed,
    async start({ db, bus, log }) {
      // Each price change is a PriceChanged event; a change kicks the relay, and the sweep every second
      // republishes what a bus outage left behind, so every channel's cache hears of the price soon after.
      const relay = new OutboxRelay(db, bus, log.child({ component: 'outbox-relay' }), { ...options.relay, source: 'pricing' });
      relay.start();
      return {
        context: (req) => createContext(db, req, () => relay.kick()),
        settle: () => relay.drain(),
        stop: () => relay.stop(),
      };
    },
  };
}

export const pricingService = createPricingService();
