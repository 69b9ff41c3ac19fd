import type { Database } from '../../common/db';
import type { OrdersLoaders } from './loaders';

export interface OrdersContext {
  requestId?: string;
  db: Database;
  loaders: OrdersLoaders;
  /** Read once per request, so every field of one answer agrees on "today". */
  now: Date;
  /** Where return labels are served from. */
  labelBaseUrl: string;
  /** Asks the outbox relay to publish what a mutation just committed. */
  afterCommit(): void;
}
