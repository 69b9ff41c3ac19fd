/**
 * The domain events Orders publishes, as the contract between the teams. Changing a payload is a
 * breaking change for every consumer: add fields, never rename or remove them.
 */
import type { DomainEvent } from './events';

export const EventType = {
  OrderCancelled: 'OrderCancelled',
  ReturnRequested: 'ReturnRequested',
} as const;

export interface OrderCancelledPayload {
  orderNumber: string;
  customerId: string;
  /** CancellationReason enum value. */
  reason: string;
  /** The customer-facing message for the reason, written once, in Orders. Notifications quotes it word for word. */
  message: string;
  cancelledAt: string;
}

export interface ReturnRequestedPayload {
  returnId: string;
  orderNumber: string;
  customerId: string;
  sku: string;
  /** ReturnResolution enum value. */
  resolution: string;
  trackingNumber: string;
  shippingLabelUrl: string;
  requestedAt: string;
}

export type OrderCancelledEvent = DomainEvent<OrderCancelledPayload> & { type: typeof EventType.OrderCancelled };
export type ReturnRequestedEvent = DomainEvent<ReturnRequestedPayload> & { type: typeof EventType.ReturnRequested };
