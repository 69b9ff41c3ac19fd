import { EventType } from '../../common/eventContracts';
import type { DomainEvent } from '../../common/events';
import { assertMayWatch } from '../../common/live/access';
import type { LiveContext } from '../../common/live/subgraphStream';
import type { OrdersContext } from './context';

/** What a live payload carries: what happened, when, and keys. The records are read when it is executed. */
interface Activity {
  kind: string;
  at: string;
  customerId: string;
  orderNumber: string | null;
  caseNumber: string | null;
  notificationId: string | null;
}

type Payload = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The domain events (common/eventContracts.ts) that change what an agent sees about a customer. */
const ACTIVITY: Record<string, { kind: string; at: (p: Payload) => unknown }> = {
  [EventType.OrderCancelled]: { kind: 'ORDER_CANCELLED', at: (p) => p.cancelledAt },
  [EventType.ReturnRequested]: { kind: 'RETURN_REQUESTED', at: (p) => p.requestedAt },
  [EventType.SupportCaseOpened]: { kind: 'SUPPORT_CASE_OPENED', at: (p) => p.openedAt },
  [EventType.CaseInteractionAdded]: { kind: 'CASE_INTERACTION_ADDED', at: (p) => p.at },
  [EventType.NotificationSent]: { kind: 'NOTIFICATION_SENT', at: (p) => p.sentAt },
};

/** An event as customer activity; undefined for an event that is not (or does not fit its contract). */
export function activityOf(event: DomainEvent): Activity | undefined {
  const shape = Object.hasOwn(ACTIVITY, event.type) ? ACTIVITY[event.type] : undefined;
  const p = event.payload as Payload;
  const customerId = text(p.customerId);
  if (!shape || !customerId) return undefined;
  return {
    kind: shape.kind,
    at: text(shape.at(p)) ?? event.occurredAt,
    customerId,
    orderNumber: text(p.orderNumber),
    caseNumber: text(p.caseNumber),
    notificationId: text(p.notificationId),
  };
}

const ORDER_CHANGES: Record<string, string> = { ORDER_CANCELLED: 'CANCELLED', RETURN_REQUESTED: 'RETURN_REQUESTED' };

type Ctx = OrdersContext & LiveContext;

export const liveResolvers = {
  Subscription: {
    customerActivity: {
      async subscribe(_: unknown, { customerId }: { customerId: string }, ctx: Ctx) {
        const id = customerId.trim();
        const customer = await ctx.loaders.customerById.load(id);
        assertMayWatch(ctx.viewer, customer?.id, `customer ${id}`);
        await ctx.live.start();
        return ctx.live.listen((event) => {
          const activity = activityOf(event);
          return activity?.customerId === id ? activity : undefined;
        });
      },
      resolve: (activity: Activity) => activity,
    },
    orderChanged: {
      async subscribe(_: unknown, { number }: { number: string }, ctx: Ctx) {
        const orderNumber = number.trim();
        const order = await ctx.loaders.orderByNumber.load(orderNumber);
        assertMayWatch(ctx.viewer, order?.customerId, `order ${orderNumber}`);
        await ctx.live.start();
        return ctx.live.listen((event) => {
          const activity = activityOf(event);
          const kind = activity && activity.orderNumber === orderNumber && event.source === 'orders' ? ORDER_CHANGES[activity.kind] : undefined;
          return kind ? { kind, at: activity?.at, orderNumber } : undefined;
        });
      },
      resolve: (change: unknown) => change,
    },
  },
  CustomerActivity: {
    customer: (a: Activity, _: unknown, ctx: OrdersContext) => ctx.loaders.customerById.load(a.customerId),
    order: (a: Activity, _: unknown, ctx: OrdersContext) => (a.orderNumber ? ctx.loaders.orderByNumber.load(a.orderNumber) : null),
    supportCase: (a: Activity) => (a.caseNumber ? { __typename: 'SupportCase', number: a.caseNumber } : null),
    notification: (a: Activity) => (a.notificationId ? { __typename: 'Notification', id: a.notificationId } : null),
  },
  OrderChange: {
    order: (c: { orderNumber: string }, _: unknown, ctx: OrdersContext) => ctx.loaders.orderByNumber.load(c.orderNumber),
  },
};
