import type { SubgraphService } from '../../common/subgraph';
import { createContext, type PricingContext } from './context';
import { resolvers } from './resolvers';
import { seed } from './seed';
import { projectPath } from '../../common/paths';

export type { PricingContext } from './context';

/** The catalogue and the one price engine every channel reads. */
export const pricingService: SubgraphService<PricingContext> = {
  name: 'pricing',
  resolvers,
  migrationsDir: projectPath('subgraphs', 'pricing', 'migrations'),
  seed,
  async start({ db }) {
    return { context: (req) => createContext(db, req) };
  },
};
