import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../../common/db';
import { EventType, type OrderCancelledPayload } from '../../common/eventContracts';
import type { DemoWorld } from '../../demo/world';
import { cancellationMessage } from './cancellationMessages';

const CHUNK = 1000;

/**
 * Orders' slice of the demo world. Seeded cancellations also go to the outbox, so their
 * notifications reach Notifications the same way a live cancellation's does.
 */
export async function seed(db: Database, world: DemoWorld): Promise<void> {
  const warrantyMonths = new Map(world.products.map((p) => [p.sku, p.warrantyMonths]));
  await db.transaction(async (tx) => {
    await insertColumns(tx, 'customers (id, name, email, phone, created_at)', ['text', 'text', 'text', 'text', 'timestamptz'],
      world.customers.map((c) => [c.id, c.name, c.email.toLowerCase(), c.phone, c.createdAt.toISOString()]));
    await insertColumns(
      tx,
      'orders (number, customer_id, placed_at, channel, status, currency, delivered_at, cancel_reason, cancelled_at)',
      ['text', 'text', 'timestamptz', 'text', 'text', 'text', 'timestamptz', 'text', 'timestamptz'],
      world.orders.map((o) => [
        o.number, o.customerId, o.placedAt.toISOString(), o.channel, o.status, o.currency,
        o.deliveredAt?.toISOString() ?? null, o.cancellation?.reason ?? null, o.cancellation?.at.toISOString() ?? null,
      ]),
    );
    await insertColumns(
      tx,
      'order_lines (order_number, line_no, sku, quantity, unit_price, warranty_expires_on)',
      ['text', 'int', 'text', 'int', 'numeric', 'date'],
      world.orders.flatMap((o) =>
        o.lines.map((l, index) => [o.number, index + 1, l.sku, l.quantity, l.unitPrice, warrantyEnd(o.deliveredAt, warrantyMonths.get(l.sku) ?? 0)]),
      ),
    );
    await insertColumns(tx, 'outbox (id, type, payload, occurred_at)', ['text', 'text', 'jsonb', 'timestamptz'],
      world.orders.filter((o) => o.cancellation).map((o) => {
        const cancellation = o.cancellation as NonNullable<typeof o.cancellation>;
        const payload: OrderCancelledPayload = {
          orderNumber: o.number,
          customerId: o.customerId,
          reason: cancellation.reason,
          message: cancellationMessage(cancellation.reason),
          cancelledAt: cancellation.at.toISOString(),
        };
        return [randomUUID(), EventType.OrderCancelled, JSON.stringify(payload), cancellation.at.toISOString()];
      }));
  });
}

/** Warranties run from delivery; undelivered or warranty-less lines have none. */
function warrantyEnd(deliveredAt: Date | null, months: number): string | null {
  if (!deliveredAt || months <= 0) return null;
  const end = new Date(deliveredAt);
  end.setUTCMonth(end.getUTCMonth() + months);
  return end.toISOString().slice(0, 10);
}

/** Inserts rows column-wise through unnest: one statement per chunk, whatever the row count. */
async function insertColumns(tx: Queryable, target: string, types: string[], rows: unknown[][]): Promise<void> {
  const casts = types.map((t, i) => `$${i + 1}::${t === 'jsonb' ? 'text' : t}[]`).join(', ');
  const select = types.map((t, i) => (t === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const names = types.map((_, i) => `c${i}`).join(', ');
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const columns = types.map((_, i) => chunk.map((row) => row[i]));
    await tx.query(`INSERT INTO ${target} SELECT ${select} FROM unnest(${casts}) AS u(${names})`, columns);
  }
}
