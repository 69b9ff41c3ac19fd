import type { Env } from '../common/config';
import { CUSTOMER_DIRECTORY_PEER } from '../common/customerDirectoryContract';
import { peerSigningKeyFrom } from '../common/peerOperations';
import type { SubgraphContextBase, SubgraphService } from '../common/subgraph';
import type { SubgraphName } from '../common/subgraphs';
import { createNotificationsService } from '../subgraphs/notifications/service';
import { createOrdersService } from '../subgraphs/orders/service';
import { createPricingService } from '../subgraphs/pricing/service';
import { createSupportService, httpCustomerDirectory } from '../subgraphs/support/service';

/** Where each subgraph finds the services it calls over the network. */
export interface ServiceLinks {
  /** Support verifies customers and orders against Orders. */
  ordersUrl: string;
  /** Where Support's own signing key is read (SUPPORT_IDENTITY_PRIVATE_KEY); default process.env. */
  env?: Env;
}

/** The launcher's one table of subgraphs: the only place that names all four implementations. */
export function createService(name: SubgraphName, links: ServiceLinks): SubgraphService<SubgraphContextBase> {
  const services: Record<SubgraphName, () => SubgraphService<any>> = {
    orders: () => createOrdersService(),
    // Support asks Orders with an identity of its own (common/customerDirectoryContract.ts).
    support: () =>
      createSupportService({
        customerDirectory: httpCustomerDirectory(links.ordersUrl, { identityKey: peerSigningKeyFrom(links.env ?? process.env, CUSTOMER_DIRECTORY_PEER) }),
      }),
    pricing: () => createPricingService(),
    notifications: () => createNotificationsService(),
  };
  return services[name]();
}
