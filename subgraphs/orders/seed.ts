import { randomUUID } from 'node:crypto';
import { insertMany } from '../../common/bulkInsert';
import type { Database } from '../../common/db';
import { EventType, type OrderCancelledPayload } from '../../common/eventContracts';
import type { DemoWorld } from '../../demo/world';
import { cancellationMessage } from './cancellationMessages';

/**
 * Orders' slice of the demo world. Seeded cancellations also go to the outbox, so their
 * notifications reach Notifications the same way a live cancellation's does.
 */
export async function seed(db: Database, world: DemoWorld): Promise<void> {
  const warrantyMonths = new Map(world.products.map((p) => [p.sku, p.warrantyMonths]));
  await db.transaction(async (tx) => {
    await insertMany(tx, 'customers', { id: 'text', name: 'text', email: 'text', phone: 'text', created_at: 'timestamptz' },
      world.customers, (c) => [c.id, c.name, c.email.toLowerCase(), c.phone, c.createdAt]);
    await insertMany(
      tx,
      'orders',
      { number: 'text', customer_id: 'text', placed_at: 'timestamptz', channel: 'text', status: 'text', currency: 'text',
        delivered_at: 'timestamptz', cancel_reason: 'text', cancelled_at: 'timestamptz' },
      world.orders,
      (o) => [o.number, o.customerId, o.placedAt, o.channel, o.status, o.currency, o.deliveredAt, o.cancellation?.reason ?? null, o.cancellation?.at ?? null],
    );
    await insertMany(
      tx,
      'order_lines',
      { order_number: 'text', line_no: 'int', sku: 'text', quantity: 'int', unit_price: 'numeric', warranty_expires_on: 'date' },
      world.orders.flatMap((o) => o.lines.map((line, index) => ({ order: o, line, lineNo: index + 1 }))),
      ({ order, line, lineNo }) => [order.number, lineNo, line.sku, line.quantity, line.unitPrice, warrantyEnd(order.deliveredAt, warrantyMonths.get(line.sku) ?? 0)],
    );
    await insertMany(tx, 'outbox', { id: 'text', type: 'text', payload: 'jsonb', occurred_at: 'timestamptz' },
      world.orders.filter((o) => o.cancellation),
      (o) => {
        const cancellation = o.cancellation as NonNullable<typeof o.cancellation>;
        const payload: OrderCancelledPayload = {
          orderNumber: o.number,
          customerId: o.customerId,
          reason: cancellation.reason,
          message: cancellationMessage(cancellation.reason),
          cancelledAt: cancellation.at.toISOString(),
        };
        return [randomUUID(), EventType.OrderCancelled, JSON.stringify(payload), cancellation.at];
      });
  });
}

/** Warranties run from delivery; undelivered or warranty-less lines have none. */
function warrantyEnd(deliveredAt: Date | null, months: number): string | null {
  if (!deliveredAt || months <= 0) return null;
  const end = new Date(deliveredAt);
  end.setUTCMonth(end.getUTCMonth() + months);
  return end.toISOString().slice(0, 10);
}
