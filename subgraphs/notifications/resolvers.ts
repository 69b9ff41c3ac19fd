import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { accessLogOf } from '../../common/accessLog';
import { DateTimeScalar } from '../../common/scalars';
import type { NotificationsContext } from './context';
import type { NotificationRecord } from './types';

type Ctx = NotificationsContext;

/** Thin resolvers: reads go through the request's loaders, references to other subgraphs are keys. */
export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime: DateTimeScalar,
  Query: {
    notification: (_root: unknown, args: { id: string }, ctx: Ctx) => ctx.loaders.notificationById.load(args.id),
  },
  Notification: {
    __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.notificationById.load(ref.id),
    customer: (n: NotificationRecord) => ({ __typename: 'Customer', id: n.customerId }),
    order: (n: NotificationRecord) => (n.orderNumber ? { __typename: 'Order', number: n.orderNumber } : null),
    supportCase: (n: NotificationRecord) => (n.caseNumber ? { __typename: 'SupportCase', number: n.caseNumber } : null),
  },
  Customer: {
    // Orders owns customers; we answer for any id and list what we sent to it (possibly nothing).
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    notifications: (customer: { id: string }, _args: unknown, ctx: Ctx) => ctx.loaders.notificationsByCustomer.load(customer.id),
    notificationAccessLog: (customer: { id: string }, { last }: { last: number }, ctx: Ctx) => accessLogOf(ctx.db, customer.id, last),
  },
  Order: {
    __resolveReference: (ref: { number: string }) => ({ number: ref.number }),
    notifications: (order: { number: string }, _args: unknown, ctx: Ctx) => ctx.loaders.notificationsByOrder.load(order.number),
  },
};
