import type { AccessLogger } from '../../common/accessLog';
import type { Database } from '../../common/db';
import type { OrdersLoaders } from './loaders';
import type { SubgraphContextBase } from '../../common/subgraph';

export interface OrdersContext extends SubgraphContextBase {
  requestId?: string;
  db: Database;
  loaders: OrdersLoaders;
  /** Read once per request, so every field of one answer agrees on "today". */
  now: Date;
  /** Where return labels are served from. */
  labelBaseUrl: string;
  /** Asks the outbox relay to publish what a mutation just committed. */
  afterCommit(): void;
  /** Records staff reads of customer records (one INSERT per batch). */
  accessLog: AccessLogger;
}
