import type { Database, Queryable } from '../../common/db';

export class CommitFailed extends Error {
  override readonly name = 'CommitFailed';
}

/**
 * The same database, except that every transaction fails once its work is done, as a commit that fails would:
 * whatever the work wrote (the change and its outbox event alike) is rolled back. Proves two writes share one transaction.
 */
export function commitFails(db: Database): Database {
  const transaction = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      await fn(tx);
      throw new CommitFailed('the commit failed after the work was done');
    });
  return new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') return transaction;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The rows of a subgraph's outbox, oldest first: what it has told (or will tell) the bus. */
export async function outboxRows(db: Queryable): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const rows = await db.query<{ type: string; payload: Record<string, unknown> | string }>('SELECT type, payload FROM outbox ORDER BY seq');
  return rows.map((row) => ({ type: row.type, payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload }));
}
