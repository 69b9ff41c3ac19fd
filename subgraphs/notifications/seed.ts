import type { Database, Queryable } from '../../common/db';
import type { DemoNotification, DemoWorld } from '../../demo/types';

const CHUNK = 5000;
const FIRST_EVENT_ID_NUMBER = 5_000_000;

/**
 * Writes the world's notifications (those no event produces) in one transaction, a chunk per
 * statement via unnest. Cancellation notices are not seeded: they arrive as events from Orders.
 */
export async function seed(db: Database, world: DemoWorld): Promise<void> {
  await db.transaction(async (tx) => {
    for (let start = 0; start < world.notifications.length; start += CHUNK) {
      await insertChunk(tx, world.notifications.slice(start, start + CHUNK));
    }
    await keepSequenceAboveSeededIds(tx);
  });
}

async function insertChunk(tx: Queryable, rows: DemoNotification[]): Promise<void> {
  await tx.query(
    `INSERT INTO notifications
       (id, customer_id, channel, topic, subject, body, sent_at, order_number, case_number, delivery_status, delivered_at)
     SELECT id, customer_id, channel, topic, subject, body, sent_at::timestamptz, order_number, case_number,
            'DELIVERED', sent_at::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS s(id, customer_id, channel, topic, subject, body, sent_at, order_number, case_number)`,
    [
      rows.map((n) => n.id),
      rows.map((n) => n.customerId),
      rows.map((n) => n.channel),
      rows.map((n) => n.topic),
      rows.map((n) => n.subject),
      rows.map((n) => n.body),
      rows.map((n) => n.sentAt.toISOString()),
      rows.map((n) => n.orderNumber),
      rows.map((n) => n.caseNumber),
    ],
  );
}

/** New ids must never collide with seeded ones, however large the world. */
async function keepSequenceAboveSeededIds(tx: Queryable): Promise<void> {
  await tx.query(
    `SELECT setval('notification_id_seq', GREATEST($1::bigint, COALESCE(MAX(substring(id FROM 5)::bigint), 0) + 1), false)
     FROM notifications WHERE id ~ '^NTF-[0-9]+$'`,
    [FIRST_EVENT_ID_NUMBER],
  );
}
