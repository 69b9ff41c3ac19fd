/**
 * The domain events the subgraphs publish (Orders, Support, Pricing, Notifications), as the contract between the teams. Changing a
 * payload is a breaking change for every consumer: add fields, never rename or remove them. Which entities each event invalidates
 * is declared next to the payloads, in EVENT_INVALIDATIONS (common/entityCacheContract.ts says which types are cacheable).
 */
import type { DomainEvent } from './events';
import type { SubgraphName } from './subgraphs';

export const EventType = {
  OrderCancelled: 'OrderCancelled',
  ReturnRequested: 'ReturnRequested',
  SupportCaseOpened: 'SupportCaseOpened',
  CaseInteractionAdded: 'CaseInteractionAdded',
  NotificationSent: 'NotificationSent',
  PriceChanged: 'PriceChanged',
} as const;

export type EventTypeName = keyof typeof EventType;

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

/** Pricing: a product's regular price was set (every channel's price follows from it). */
export interface PriceChangedPayload {
  sku: string;
  /** The new regular price, a decimal string with two decimals. */
  regularPrice: string;
  currency: string;
  changedAt: string;
}

export type OrderCancelledEvent = DomainEvent<OrderCancelledPayload> & { type: typeof EventType.OrderCancelled };
export type ReturnRequestedEvent = DomainEvent<ReturnRequestedPayload> & { type: typeof EventType.ReturnRequested };

/** Every event's payload, by type: what the invalidations below may read keys from. */
export interface EventPayloads {
  OrderCancelled: OrderCancelledPayload;
  ReturnRequested: ReturnRequestedPayload;
  SupportCaseOpened: SupportCaseOpenedPayload;
  CaseInteractionAdded: CaseInteractionAddedPayload;
  NotificationSent: NotificationSentPayload;
  PriceChanged: PriceChangedPayload;
}

/**
 * One entity an event changes: its type, and for each of its @key fields the payload field holding the value.
 * `optional`: the payload field may be null (a case about no order), and then nothing of this type changed.
 */
export interface InvalidationRule<P> {
  typename: string;
  key: Record<string, keyof P & string>;
  optional?: boolean;
}

export interface EventInvalidations<P> {
  /** The only subgraph that records this event (its outbox). */
  owner: SubgraphName;
  /**
   * Every cached entity the event's change may have made stale: the entity whose own fields changed, and each
   * entity with a list that gained or changed a member (a customer's orders, cases, notifications).
   */
  invalidates: InvalidationRule<P>[];
}

/**
 * Which entities each event invalidates. A change that is not here (or an event that names too few entities)
 * leaves a cache stale: the schema check (tools/schema-check/eventCoverage.ts) fails a mutation whose events
 * do not cover the cacheable types it changes.
 */
export const EVENT_INVALIDATIONS: { [T in EventTypeName]: EventInvalidations<EventPayloads[T]> } = {
  OrderCancelled: {
    owner: 'orders',
    invalidates: [
      { typename: 'Order', key: { number: 'orderNumber' } },
      { typename: 'Customer', key: { id: 'customerId' } },
    ],
  },
  // The order gains a return, and becomes RETURNED when every line has one.
  ReturnRequested: {
    owner: 'orders',
    invalidates: [
      { typename: 'Order', key: { number: 'orderNumber' } },
      { typename: 'Customer', key: { id: 'customerId' } },
    ],
  },
  SupportCaseOpened: {
    owner: 'support',
    invalidates: [
      { typename: 'SupportCase', key: { number: 'caseNumber' } },
      { typename: 'Customer', key: { id: 'customerId' } },
      { typename: 'Order', key: { number: 'orderNumber' }, optional: true },
    ],
  },
  // The case's history grows, and a resolved case is open again.
  CaseInteractionAdded: {
    owner: 'support',
    invalidates: [
      { typename: 'SupportCase', key: { number: 'caseNumber' } },
      { typename: 'Customer', key: { id: 'customerId' } },
      { typename: 'Order', key: { number: 'orderNumber' }, optional: true },
    ],
  },
  // A notification becomes readable only once sent: the event is when it appears.
  NotificationSent: {
    owner: 'notifications',
    invalidates: [
      { typename: 'Notification', key: { id: 'notificationId' } },
      { typename: 'Customer', key: { id: 'customerId' } },
      { typename: 'Order', key: { number: 'orderNumber' }, optional: true },
    ],
  },
  PriceChanged: {
    owner: 'pricing',
    invalidates: [{ typename: 'Product', key: { sku: 'sku' } }],
  },
};

export type PriceChangedEvent = DomainEvent<PriceChangedPayload> & { type: typeof EventType.PriceChanged };
