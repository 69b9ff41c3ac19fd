import DataLoader from 'dataloader';
import type { Queryable } from '../../common/db';
import type { Viewer } from '../../common/identity';

export interface AccessLogRow {
  at: Date;
  actor: string;
  role: string;
  operation: string;
}

/**
 * Records staff reads of customer records, once per customer per request, in one INSERT per
 * batch: logging costs a request one statement whatever it reads.
 */
export function createAccessLogger(db: Queryable, viewer: () => Viewer): DataLoader<string, true> {
  return new DataLoader<string, true>(async (customerIds) => {
    const who = viewer();
    await db.query(
      `INSERT INTO customer_access_log (customer_id, actor, role, operation)
       SELECT id, $2, $3, $4 FROM unnest($1::text[]) AS u(id)`,
      [customerIds, who.subject ?? 'unknown', who.role, who.operation ?? 'anonymous'],
    );
    return customerIds.map(() => true as const);
  });
}

export function accessLogOf(db: Queryable, customerId: string, last: number): Promise<AccessLogRow[]> {
  return db.query<AccessLogRow>(
    `SELECT at, actor, role, operation FROM customer_access_log WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [customerId, last],
  );
}
