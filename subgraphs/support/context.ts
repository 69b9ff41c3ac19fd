import type { IncomingMessage } from 'node:http';
import { createAccessLogger, type AccessLogger } from '../../common/accessLog';
import type { Database } from '../../common/db';
import { ANONYMOUS, type Viewer } from '../../common/identity';
import { requestIdOf } from '../../common/subgraph';
import type { CustomerDirectory, ForwardedHeaders } from './customerDirectory';
import { createLoaders, type SupportLoaders } from './loaders';
import type { SubgraphContextBase } from '../../common/subgraph';

export interface SupportContext extends SubgraphContextBase {
  requestId: string | undefined;
  db: Database;
  loaders: SupportLoaders;
  customerDirectory: CustomerDirectory;
  /** The trace, passed on when Support asks Orders (which it asks with its own identity). */
  forwardHeaders: ForwardedHeaders;
  /** Records staff reads of cases (one INSERT per batch). */
  accessLog: AccessLogger;
  /** Asks the outbox relay to publish what a mutation just committed. */
  afterCommit(): void;
}

// Only the trace: the caller's identity was addressed to Support alone, and Orders would refuse it.
const PASSED_THROUGH = ['x-request-id'] as const;

export function forwardedHeadersOf(req: IncomingMessage): ForwardedHeaders {
  const headers: ForwardedHeaders = {};
  for (const name of PASSED_THROUGH) {
    const value = req.headers[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first) headers[name] = first;
  }
  return headers;
}

export function createContext(
  req: IncomingMessage,
  db: Database,
  customerDirectory: CustomerDirectory,
  afterCommit: () => void = () => undefined,
): Omit<SupportContext, 'viewer'> {
  const context: Omit<SupportContext, 'viewer'> = {
    requestId: requestIdOf(req),
    db,
    loaders: createLoaders(db),
    customerDirectory,
    forwardHeaders: forwardedHeadersOf(req),
    afterCommit,
    // The shared runtime adds the viewer to this object before any resolver runs.
    accessLog: createAccessLogger(db, (): Viewer => (context as Partial<SupportContext>).viewer ?? ANONYMOUS),
  };
  return context;
}
