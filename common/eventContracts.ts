/**
 * The domain events the subgraphs publish (Orders, Support, Notifications), as the contract between the teams. Changing a payload is a
 * breaking change for every consumer: add fields, never rename or remove them.
 */
import type { DomainEvent } from './events';

export const EventType = {
  OrderCancelled: 'OrderCancelled',
  ReturnRequested: 'ReturnRequested',
  SupportCaseOpened: 'SupportCaseOpened',
  CaseInteractionAdded: 'CaseInteractionAdded',
  NotificationSent: 'NotificationSent',
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

/** Support: a case was opened (with its first interaction). */
export interface SupportCaseOpenedPayload {
  caseNumber: string;
  customerId: string;
  orderNumber: string | null;
  openedAt: string;
}

/** Support: an interaction was added to a case. */
export interface CaseInteractionAddedPayload {
  caseNumber: string;
  customerId: string;
  orderNumber: string | null;
  at: string;
}

/** Notifications: a notification went out to the customer. */
export interface NotificationSentPayload {
  notificationId: string;
  customerId: string;
  orderNumber: string | null;
  caseNumber: string | null;
  sentAt: string;
}

export type OrderCancelledEvent = DomainEvent<OrderCancelledPayload> & { type: typeof EventType.OrderCancelled };
export type ReturnRequestedEvent = DomainEvent<ReturnRequestedPayload> & { type: typeof EventType.ReturnRequested };
