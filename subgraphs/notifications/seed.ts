import { insertMany } from '../../common/bulkInsert';
import type { Database, Queryable } from '../../common/db';
import type { DemoWorld } from '../../demo/types';

const CHUNK = 5000;
const FIRST_EVENT_ID_NUMBER = 5_000_000;

/**
 * Writes the world's notifications (those no event produces) in one transaction, a chunk per
 * statement via unnest. Cancellation notices are not seeded: they arrive as events from Orders.
 */
export async function seed(db: Database, world: DemoWorld): Promise<void> {
  await db.transaction(async (tx) => {
    await insertMany(
      tx,
      'notifications',
      { id: 'text', customer_id: 'text', channel: 'text', topic: 'text', subject: 'text', body: 'text', sent_at: 'timestamptz',
        order_number: 'text', case_number: 'text', delivery_status: 'text', delivered_at: 'timestamptz' },
      world.notifications,
      // Seeded notifications were sent long ago: delivered when sent.
      (n) => [n.id, n.customerId, n.channel, n.topic, n.subject, n.body, n.sentAt, n.orderNumber, n.caseNumber, 'DELIVERED', n.sentAt],
      CHUNK,
    );
    await keepSequenceAboveSeededIds(tx);
  });
}

/** New ids must never collide with seeded ones, however large the world. */
async function keepSequenceAboveSeededIds(tx: Queryable): Promise<void> {
  await tx.query(
    `SELECT setval('notification_id_seq', GREATEST($1::bigint, COALESCE(MAX(substring(id FROM 5)::bigint), 0) + 1), false)
     FROM notifications WHERE id ~ '^NTF-[0-9]+$'`,
    [FIRST_EVENT_ID_NUMBER],
  );
}
