import { Client } from 'pg';
import { openDatabase } from '../../common/db';
import { seedChangeableOrders } from '../../test/scale/events/support/ordersWorkload';
import type { Outcome } from '../load/driver';

/** What the databases say about the writes of a run, read straight from the server. */
export interface LedgerCheck {
  /** Problems found; empty: nothing lost, nothing doubled, nothing half-written. */
  problems: string[];
  casesConfirmed: number;
  cancellations: number;
  outboxUnpublished: number;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Every case the graph said it opened exists; every order that ended up cancelled (whether or not
 * its client heard back) has its event and exactly one notification; the outbox is empty. Polls for
 * up to `settleMs`, since events travel on after the answers.
 */
export async function checkLedger(directUrl: string, outcomes: Outcome[], attemptedCancels: string[], settleMs = 20_000): Promise<LedgerCheck> {
  const cases = outcomes.filter((o) => o.op === 'open-case' && o.wrote).map((o) => o.wrote as string);
  const deadline = Date.now() + settleMs;
  for (;;) {
    const check = await withClient(directUrl, async (db) => {
      const problems: string[] = [];
      const found = await db.query<{ number: string }>('SELECT number FROM support.support_cases WHERE number = ANY($1)', [cases]);
      if (found.rowCount !== new Set(cases).size) problems.push(`${cases.length - (found.rowCount ?? 0)} opened cases missing`);
      const cancelled = await db.query<{ number: string; notifications: number; events: number }>(
        `SELECT o.number,
           (SELECT count(*)::int FROM notifications.notifications n WHERE n.order_number = o.number AND n.event_id IS NOT NULL AND n.topic = 'ORDER_CANCELLED') AS notifications,
           (SELECT count(*)::int FROM orders.outbox e WHERE e.type = 'OrderCancelled' AND e.payload->>'orderNumber' = o.number) AS events
         FROM orders.orders o WHERE o.number = ANY($1) AND o.status = 'CANCELLED'`,
        [attemptedCancels],
      );
      const answeredCancelled = new Set(outcomes.filter((o) => o.op === 'cancel' && o.wrote).map((o) => o.wrote));
      const cancelledNumbers = new Set(cancelled.rows.map((r) => r.number));
      for (const number of answeredCancelled) if (!cancelledNumbers.has(number as string)) problems.push(`order ${number} answered as cancelled but is not`);
      for (const row of cancelled.rows) {
        if (row.events !== 1) problems.push(`order ${row.number}: ${row.events} OrderCancelled events`);
        if (row.notifications !== 1) problems.push(`order ${row.number}: ${row.notifications} cancellation notifications`);
      }
      const [outbox] = (await db.query<{ unpublished: number }>('SELECT count(*)::int AS unpublished FROM orders.outbox WHERE published_at IS NULL')).rows;
      if (outbox.unpublished > 0) problems.push(`${outbox.unpublished} events still unpublished in the outbox`);
      return { problems, casesConfirmed: found.rowCount ?? 0, cancellations: cancelled.rowCount ?? 0, outboxUnpublished: outbox.unpublished };
    });
    if (check.problems.length === 0 || Date.now() > deadline) return check;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Fresh PLACED orders (of fresh customers) for the load to cancel: each run's events are its own. */
export async function cancellableOrders(directUrl: string, count: number): Promise<string[]> {
  const db = await openDatabase({ url: directUrl, schema: 'orders', poolSize: 1 });
  try {
    const seeded = await seedChangeableOrders(db, Math.ceil((count * 3) / 2));
    return seeded.filter((o) => o.change === 'cancel').map((o) => o.orderNumber).slice(0, count);
  } finally {
    await db.close();
  }
}
