import type { Queryable } from '../../common/db';
import type { NotificationDraft, NotificationRecord } from './types';

const COLUMNS = `id, customer_id AS "customerId", channel, topic, subject, body, sent_at AS "sentAt",
  order_number AS "orderNumber", case_number AS "caseNumber", event_id AS "eventId",
  delivery_status AS "deliveryStatus", delivered_at AS "deliveredAt"`;

// Reads show only what actually went out: a row recorded but not yet accepted by the sender (a crash
// between the two) is not something the customer was told, until its redelivery sends it.
const SENT = `delivery_status = 'DELIVERED'`;
const NEWEST_FIRST = 'ORDER BY sent_at DESC, id DESC';

export function notificationsByIds(db: Queryable, ids: readonly string[]): Promise<NotificationRecord[]> {
  return db.query<NotificationRecord>(
    `SELECT ${COLUMNS} FROM notifications WHERE id = ANY($1::text[]) AND ${SENT}`,
    [ids],
  );
}

export function notificationsByCustomerIds(db: Queryable, customerIds: readonly string[]): Promise<NotificationRecord[]> {
  return db.query<NotificationRecord>(
    `SELECT ${COLUMNS} FROM notifications WHERE customer_id = ANY($1::text[]) AND ${SENT} ${NEWEST_FIRST}`,
    [customerIds],
  );
}

export function notificationsByOrderNumbers(db: Queryable, orderNumbers: readonly string[]): Promise<NotificationRecord[]> {
  return db.query<NotificationRecord>(
    `SELECT ${COLUMNS} FROM notifications WHERE order_number = ANY($1::text[]) AND ${SENT} ${NEWEST_FIRST}`,
    [orderNumbers],
  );
}

/**
 * Records the notification for an event unless one already exists for it: the UNIQUE event_id
 * decides, so concurrent or repeated deliveries record it once. Returns the row either way.
 */
export async function recordForEvent(db: Queryable, eventId: string, draft: NotificationDraft): Promise<NotificationRecord> {
  const [inserted] = await db.query<NotificationRecord>(
    `INSERT INTO notifications
       (customer_id, channel, topic, subject, body, sent_at, order_number, case_number, event_id, delivery_status)
     VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, 'PENDING')
     ON CONFLICT (event_id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [draft.customerId, draft.channel, draft.topic, draft.subject, draft.body, draft.orderNumber, draft.caseNumber, eventId],
  );
  if (inserted) return inserted;
  const [existing] = await db.query<NotificationRecord>(`SELECT ${COLUMNS} FROM notifications WHERE event_id = $1`, [eventId]);
  if (!existing) throw new Error(`notification for event ${eventId} neither inserted nor found`);
  return existing;
}

/** Marks a notification as accepted by the sender; sent_at becomes the moment it actually went out. */
export async function markDelivered(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE notifications SET delivery_status = 'DELIVERED', delivered_at = now(), sent_at = now()
     WHERE id = $1 AND delivery_status = 'PENDING'`,
    [id],
  );
}
