import type { IncomingMessage } from 'node:http';
import type { Database } from '../../common/db';
import { requestIdOf } from '../../common/subgraph';
import { createLoaders, type PricingLoaders } from './loaders';
import type { SubgraphContextBase } from '../../common/subgraph';

export interface PricingContext extends SubgraphContextBase {
  requestId: string | undefined;
  db: Database;
  loaders: PricingLoaders;
  /** Read once per request: every field of one request prices at the same moment. */
  now: Date;
  /** Asks the outbox relay to publish what a mutation just committed. */
  afterCommit(): void;
}

export function createContext(
  db: Database,
  req: IncomingMessage,
  afterCommit: () => void = () => undefined,
  now: Date = new Date(),
): Omit<PricingContext, 'viewer'> {
  return { requestId: requestIdOf(req), db, loaders: createLoaders(db, now), now, afterCommit };
}
