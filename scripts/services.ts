import type { SubgraphContextBase, SubgraphService } from '../common/subgraph';
import type { SubgraphName } from '../common/subgraphs';
import { createNotificationsService } from '../subgraphs/notifications/service';
import { createOrdersService } from '../subgraphs/orders/service';
import { pricingService } from '../subgraphs/pricing/service';
import { createSupportService, httpCustomerDirectory } from '../subgraphs/support/service';

/** Where each subgraph finds the services it calls over the network. */
export interface ServiceLinks {
  /** Support verifies customers and orders against Orders. */
  ordersUrl: string;
}

/** The launcher's one table of subgraphs: the only place that names all four implementations. */
export function createService(name: SubgraphName, links: ServiceLinks): SubgraphService<SubgraphContextBase> {
  const services: Record<SubgraphName, () => SubgraphService<any>> = {
    orders: () => createOrdersService(),
    support: () => createSupportService({ customerDirectory: httpCustomerDirectory(links.ordersUrl) }),
    pricing: () => pricingService,
    notifications: () => createNotificationsService(),
  };
  return services[name]();
}
