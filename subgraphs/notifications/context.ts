import type { IncomingMessage } from 'node:http';
import { createAccessLogger, type AccessLogger } from '../../common/accessLog';
import type { Database } from '../../common/db';
import { ANONYMOUS, type Viewer } from '../../common/identity';
import type { Logger } from '../../common/logger';
import { requestIdOf } from '../../common/subgraph';
import { createLoaders, type NotificationsLoaders } from './loaders';
import type { SubgraphContextBase } from '../../common/subgraph';

export interface NotificationsContext extends SubgraphContextBase {
  requestId: string | undefined;
  db: Database;
  log: Logger;
  loaders: NotificationsLoaders;
  /** Records staff reads of notifications (one INSERT per batch). */
  accessLog: AccessLogger;
}

/** A fresh context per request: its loaders cache only within that request. */
export function createContext(req: IncomingMessage, db: Database, log: Logger): Omit<NotificationsContext, 'viewer'> {
  const requestId = requestIdOf(req);
  const context: Omit<NotificationsContext, 'viewer'> = {
    requestId,
    db,
    log: requestId ? log.child({ requestId }) : log,
    loaders: createLoaders(db),
    // The shared runtime adds the viewer to this object before any resolver runs.
    accessLog: createAccessLogger(db, (): Viewer => (context as Partial<NotificationsContext>).viewer ?? ANONYMOUS),
  };
  return context;
}
