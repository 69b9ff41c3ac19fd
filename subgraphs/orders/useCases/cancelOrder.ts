import type { Database } from '../../../common/db';
import { badInput, notAllowed, notFound } from '../../../common/errors';
import { EventType, type OrderCancelledPayload } from '../../../common/eventContracts';
import { CANCELLATION_REASONS, cancellationMessage } from '../cancellationMessages';
import { recordEvent } from '../outbox';
import * as repo from '../repository';
import type { Viewer } from '../../../common/identity';
import { assertMayChange } from './ownership';

/**
 * Cancels a PLACED order and records OrderCancelled in the same transaction: the reason is stored
 * once, here, and the customer's notification is rendered from the event that carries it.
 */
export async function cancelOrder(db: Database, number: string, reason: string, viewer: Viewer): Promise<repo.OrderRow> {
  if (!(CANCELLATION_REASONS as readonly string[]).includes(reason)) {
    throw badInput('reason', `unknown cancellation reason ${reason}`);
  }
  const orderNumber = number.trim();
  return db.transaction(async (tx) => {
    const existing = await repo.lockOrder(tx, orderNumber);
    assertMayChange(viewer, existing?.customerId, `order ${orderNumber}`);
    if (!existing) throw notFound('Order', orderNumber, 'number');
    const cancelled = await repo.cancelIfPlaced(tx, orderNumber, reason);
    if (!cancelled) {
      throw notAllowed(
        'ORDER_NOT_CANCELLABLE',
        `Order ${orderNumber} is ${existing.status} and can no longer be cancelled; only PLACED orders can be.`,
      );
    }
    const payload: OrderCancelledPayload = {
      orderNumber,
      customerId: cancelled.customerId,
      reason,
      message: cancellationMessage(reason),
      cancelledAt: (cancelled.cancelledAt as Date).toISOString(),
    };
    await recordEvent(tx, EventType.OrderCancelled, payload, cancelled.cancelledAt as Date);
    return cancelled;
  });
}
