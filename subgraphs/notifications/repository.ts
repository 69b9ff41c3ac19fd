import type { Database, Queryable } from '../../common/db';
import { EventType, type NotificationSentPayload } from '../../common/eventContracts';
import { recordEvent } from '../../common/outbox/recordEvent';
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

/**
 * Marks a notification as accepted by the sender (sent_at becomes the moment it actually went out)
 * and, in the same transaction, records the NotificationSent event in the outbox: the event exists
 * if and only if the notification reads as sent. A notification already marked records nothing, so a
 * redelivered event never announces a second send. Returns whether this call marked it.
 */
export async function markDelivered(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [sent] = await tx.query<{ customerId: string; orderNumber: string | null; caseNumber: string | null; sentAt: Date }>(
      `UPDATE notifications SET delivery_status = 'DELIVERED', delivered_at = now(), sent_at = now()
       WHERE id = $1 AND delivery_status = 'PENDING'
       RETURNING customer_id AS "customerId", order_number AS "orderNumber", case_number AS "caseNumber", sent_at AS "sentAt"`,
      [id],
    );
    if (!sent) return false;
    const sentAt = new Date(sent.sentAt);
    const payload: NotificationSentPayload = {
      notificationId: id,
      customerId: sent.customerId,
      orderNumber: sent.orderNumber,
      caseNumber: sent.caseNumber,
      sentAt: sentAt.toISOString(),
    };
    await recordEvent(tx, EventType.NotificationSent, payload, sentAt);
    return true;
  });
}
