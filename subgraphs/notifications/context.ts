import type { IncomingMessage } from 'node:http';
import type { Database } from '../../common/db';
import type { Logger } from '../../common/logger';
import { requestIdOf } from '../../common/subgraph';
import { createLoaders, type NotificationsLoaders } from './loaders';
import type { SubgraphContextBase } from '../../common/subgraph';

export interface NotificationsContext extends SubgraphContextBase {
  requestId: string | undefined;
  db: Database;
  log: Logger;
  loaders: NotificationsLoaders;
}

/** A fresh context per request: its loaders cache only within that request. */
export function createContext(req: IncomingMessage, db: Database, log: Logger): Omit<NotificationsContext, 'viewer'> {
  const requestId = requestIdOf(req);
  return { requestId, db, log: requestId ? log.child({ requestId }) : log, loaders: createLoaders(db) };
}
