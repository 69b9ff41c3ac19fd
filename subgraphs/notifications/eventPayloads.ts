import type { DomainEvent } from '../../common/events';
import type { OrderCancelledPayload, ReturnRequestedPayload } from '../../common/eventContracts';

/**
 * A consumed event whose payload breaks the contract. It is rejected loudly (and so redelivered)
 * rather than skipped: skipping would be exactly the silent, un-notified cancellation we exist to prevent.
 */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

export function orderCancelledPayload(event: DomainEvent): OrderCancelledPayload {
  const p = requireStrings(event, ['orderNumber', 'customerId', 'reason', 'message', 'cancelledAt']);
  return { orderNumber: p.orderNumber, customerId: p.customerId, reason: p.reason, message: p.message, cancelledAt: p.cancelledAt };
}

export function returnRequestedPayload(event: DomainEvent): ReturnRequestedPayload {
  const p = requireStrings(event, [
    'returnId', 'orderNumber', 'customerId', 'sku', 'resolution', 'trackingNumber', 'shippingLabelUrl', 'requestedAt',
  ]);
  return {
    returnId: p.returnId,
    orderNumber: p.orderNumber,
    customerId: p.customerId,
    sku: p.sku,
    resolution: p.resolution,
    trackingNumber: p.trackingNumber,
    shippingLabelUrl: p.shippingLabelUrl,
    requestedAt: p.requestedAt,
  };
}

function requireStrings<K extends string>(event: DomainEvent, keys: readonly K[]): Record<K, string> {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const missing = keys.filter((k) => typeof payload[k] !== 'string' || (payload[k] as string).trim() === '');
  if (missing.length > 0) {
    throw new InvalidEventError(`${event.type} event ${event.id} lacks ${missing.join(', ')}`);
  }
  return payload as Record<K, string>;
}
