import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase, type Database, type DatabaseOptions } from '../../../../common/db';
import { migrate } from '../../../../common/migrate';
import { cancelOrder } from '../../../../subgraphs/orders/useCases/cancelOrder';
import { requestReturn } from '../../../../subgraphs/orders/useCases/requestReturn';
import { testDatabase } from '../../../support/database';
import { AGENT } from '../../../support/identity';

const SUBGRAPHS = join(__dirname, '..', '..', '..', '..', 'subgraphs');

export interface ScaleDatabase {
  db: Database;
  options: DatabaseOptions;
  cleanup(): Promise<void>;
}

/** A migrated schema of its own on TEST_DATABASE_URL's server for one subgraph. */
export async function openScaleDatabase(subgraph: 'orders' | 'notifications'): Promise<ScaleDatabase> {
  const options = testDatabase(`scale_${subgraph}`);
  const db = await openDatabase(options);
  await migrate(db, join(SUBGRAPHS, subgraph, 'migrations'));
  return {
    db,
    options,
    async cleanup() {
      await db.close().catch(() => undefined);
      await options.cleanup();
    },
  };
}

/** Cancellations and returns as Orders takes them: each a real use case, its event in the outbox in the same transaction. */
export type Change = () => Promise<void>;

/** One order ready for a change, and the change it is ready for. */
export interface ChangeableOrder {
  orderNumber: string;
  customerId: string;
  /** `cancel` a PLACED order, or `return` the warranted line (SKU_SCALE) of a DELIVERED one. */
  change: 'cancel' | 'return';
}

/** The product on every seeded order, under warranty for a year. */
export const SCALE_SKU = 'SKU-SCALE';

/**
 * Customers with orders ready for `count` changes, one order each: two in three PLACED orders to
 * cancel, one in three DELIVERED orders with a line under warranty to return.
 */
export async function seedChangeableOrders(db: Database, count: number): Promise<ChangeableOrder[]> {
  const run = randomBytes(3).toString('hex');
  await db.query(
    `INSERT INTO customers (id, name, email)
     SELECT 'SC-' || $1 || '-' || g, 'Scale customer ' || g, 'scale-' || $1 || '-' || g || '@example.com'
     FROM generate_series(1, $2::int) g`,
    [run, count],
  );
  await db.query(
    `INSERT INTO orders (number, customer_id, placed_at, channel, status, currency, delivered_at)
     SELECT 'SO-' || $1 || '-' || g, 'SC-' || $1 || '-' || g, now(), 'WEB',
            CASE WHEN g % 3 = 0 THEN 'DELIVERED' ELSE 'PLACED' END, 'USD', CASE WHEN g % 3 = 0 THEN now() END
     FROM generate_series(1, $2::int) g`,
    [run, count],
  );
  await db.query(
    `INSERT INTO order_lines (order_number, line_no, sku, quantity, unit_price, warranty_expires_on)
     SELECT 'SO-' || $1 || '-' || g, 1, $3, 1, 49.99, current_date + 365
     FROM generate_series(1, $2::int) g`,
    [run, count, SCALE_SKU],
  );
  return Array.from({ length: count }, (_, i) => ({
    orderNumber: `SO-${run}-${i + 1}`,
    customerId: `SC-${run}-${i + 1}`,
    change: (i + 1) % 3 === 0 ? 'return' : 'cancel',
  }));
}

/** The changes for seeded orders, each run as Orders' use case in this process. */
export async function prepareChanges(db: Database, count: number): Promise<Change[]> {
  return (await seedChangeableOrders(db, count)).map(({ orderNumber, change }) =>
    change === 'return'
      ? async () => {
          await requestReturn(db, {
            orderNumber,
            sku: SCALE_SKU,
            resolution: 'REPLACEMENT',
            now: new Date(),
            labelBaseUrl: 'https://returns.example.com',
            viewer: AGENT,
          });
        }
      : async () => {
          await cancelOrder(db, orderNumber, 'OUT_OF_STOCK', AGENT);
        },
  );
}

/** Runs the changes `parallel` at a time; every one must commit. Calls `onProgress` after each. */
export async function runChanges(changes: Change[], parallel: number, onProgress: (done: number) => void | Promise<void> = () => undefined): Promise<void> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < changes.length) {
      const change = changes[next++];
      await change();
      await onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/** The ids of every event Orders recorded, and how many are not yet published. */
export async function outboxState(db: Database): Promise<{ ids: string[]; unpublished: number }> {
  const rows = await db.query<{ id: string; published: boolean }>('SELECT id, published_at IS NOT NULL AS published FROM outbox');
  return { ids: rows.map((r) => r.id), unpublished: rows.filter((r) => !r.published).length };
}

/** How many notifications each event id produced, and how many are still waiting for the sender. */
export async function notificationsByEvent(db: Database): Promise<{ perEvent: Map<string, number>; pending: number }> {
  const rows = await db.query<{ eventId: string; n: number; pending: number }>(
    `SELECT event_id AS "eventId", count(*)::int AS n, count(*) FILTER (WHERE delivery_status = 'PENDING')::int AS pending
     FROM notifications WHERE event_id IS NOT NULL GROUP BY event_id`,
  );
  return { perEvent: new Map(rows.map((r) => [r.eventId, r.n])), pending: rows.reduce((sum, r) => sum + r.pending, 0) };
}
