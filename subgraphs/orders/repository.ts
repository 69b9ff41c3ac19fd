import type { Queryable } from '../../common/db';

/** Plain rows of the Orders database. Every batch read is one statement over many keys. */
export interface CustomerRow {
  id: string;
  name: string;
  email: string;
  phone: string | null;
}

export interface OrderRow {
  number: string;
  customerId: string;
  placedAt: Date;
  channel: string;
  status: string;
  currency: string;
  deliveredAt: Date | null;
  cancelReason: string | null;
  cancelledAt: Date | null;
}

export interface OrderLineRow {
  orderNumber: string;
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: string;
  currency: string;
  /** YYYY-MM-DD or null. */
  warrantyExpiresOn: string | null;
}

export interface ReturnRow {
  id: string;
  orderNumber: string;
  sku: string;
  resolution: string;
  status: string;
  trackingNumber: string;
  shippingLabelUrl: string;
  requestedAt: Date;
}

const CUSTOMER_COLUMNS = 'id, name, email, phone';
const ORDER_COLUMNS = `number, customer_id AS "customerId", placed_at AS "placedAt", channel, status, currency,
  delivered_at AS "deliveredAt", cancel_reason AS "cancelReason", cancelled_at AS "cancelledAt"`;
const LINE_COLUMNS = `l.order_number AS "orderNumber", l.line_no AS "lineNo", l.sku, l.quantity, l.unit_price::text AS "unitPrice",
  o.currency, l.warranty_expires_on::text AS "warrantyExpiresOn"`;
const RETURN_COLUMNS = `id, order_number AS "orderNumber", sku, resolution, status, tracking_number AS "trackingNumber",
  shipping_label_url AS "shippingLabelUrl", requested_at AS "requestedAt"`;

export function customersByIds(db: Queryable, ids: readonly string[]): Promise<CustomerRow[]> {
  return db.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE id = ANY($1::text[])`, [ids]);
}

export function customersByEmails(db: Queryable, emails: readonly string[]): Promise<CustomerRow[]> {
  return db.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE email = ANY($1::text[])`, [emails]);
}

export function customersByPhones(db: Queryable, phones: readonly string[]): Promise<CustomerRow[]> {
  return db.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE phone = ANY($1::text[]) ORDER BY created_at`,
    [phones],
  );
}

export function ordersByNumbers(db: Queryable, numbers: readonly string[]): Promise<OrderRow[]> {
  return db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE number = ANY($1::text[])`, [numbers]);
}

/** Newest first within each customer. */
export function ordersByCustomers(db: Queryable, customerIds: readonly string[]): Promise<OrderRow[]> {
  return db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE customer_id = ANY($1::text[]) ORDER BY placed_at DESC, number DESC`,
    [customerIds],
  );
}

export function linesByOrders(db: Queryable, orderNumbers: readonly string[]): Promise<OrderLineRow[]> {
  return db.query<OrderLineRow>(
    `SELECT ${LINE_COLUMNS} FROM order_lines l JOIN orders o ON o.number = l.order_number
     WHERE l.order_number = ANY($1::text[]) ORDER BY l.order_number, l.line_no`,
    [orderNumbers],
  );
}

/** Oldest first within each order. */
export function returnsByOrders(db: Queryable, orderNumbers: readonly string[]): Promise<ReturnRow[]> {
  return db.query<ReturnRow>(
    `SELECT ${RETURN_COLUMNS} FROM returns WHERE order_number = ANY($1::text[]) ORDER BY requested_at, id`,
    [orderNumbers],
  );
}

/** Cancels only while PLACED: the check and the change are one statement, so two cancels cannot race. */
export async function cancelIfPlaced(db: Queryable, number: string, reason: string): Promise<OrderRow | null> {
  const rows = await db.query<OrderRow>(
    `UPDATE orders SET status = 'CANCELLED', cancel_reason = $2, cancelled_at = now()
     WHERE number = $1 AND status = 'PLACED' RETURNING ${ORDER_COLUMNS}`,
    [number, reason],
  );
  return rows[0] ?? null;
}

/** Locks the order for the rest of the transaction, so concurrent returns see each other. */
export async function lockOrder(db: Queryable, number: string): Promise<OrderRow | null> {
  const rows = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE number = $1 FOR UPDATE`, [number]);
  return rows[0] ?? null;
}

export async function insertReturn(
  db: Queryable,
  row: { orderNumber: string; sku: string; resolution: string; trackingNumber: string; labelBaseUrl: string },
): Promise<ReturnRow> {
  const rows = await db.query<ReturnRow>(
    `WITH next AS (SELECT 'RET-' || nextval('return_numbers') AS id)
     INSERT INTO returns (id, order_number, sku, resolution, status, tracking_number, shipping_label_url)
     SELECT next.id, $1, $2, $3, 'REQUESTED', $4, $5 || '/labels/' || next.id || '.pdf' FROM next
     RETURNING ${RETURN_COLUMNS}`,
    [row.orderNumber, row.sku, row.resolution, row.trackingNumber, row.labelBaseUrl],
  );
  return rows[0];
}

/** When every line of the order has a return, the order is RETURNED. */
export async function markReturnedWhenComplete(db: Queryable, orderNumber: string): Promise<void> {
  await db.query(
    `UPDATE orders SET status = 'RETURNED' WHERE number = $1 AND NOT EXISTS (
       SELECT 1 FROM order_lines l WHERE l.order_number = $1
       AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.order_number = $1 AND r.sku = l.sku))`,
    [orderNumber],
  );
}
