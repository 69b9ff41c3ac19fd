import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { badInput } from '../../common/errors';
import { fromCents, toCents } from '../../common/money';
import { DateScalar, DateTimeScalar } from '../../common/scalars';
import { cancellationMessage } from './cancellationMessages';
import type { OrdersContext } from './context';
import type { CustomerRow, OrderLineRow, OrderRow, ReturnRow } from './repository';
import { cancelOrder } from './useCases/cancelOrder';
import { findCustomer, type CustomerLookup } from './useCases/findCustomer';
import { requestReturn } from './useCases/requestReturn';
import { noteValidUntil } from '../../common/validUntil';
import { isWarrantyActive, warrantyActiveUntil } from './warranty';
import { accessLogOf } from '../../common/accessLog';
import { liveResolvers } from './live';

const MAX_IDS = 100;

export const resolvers: GraphQLResolverMap<OrdersContext> = {
  ...(liveResolvers as unknown as GraphQLResolverMap<OrdersContext>),
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query: {
    customer: (_: unknown, args: CustomerLookup, ctx: OrdersContext) => findCustomer(args, ctx.loaders),
    customers: (_: unknown, { ids }: { ids: string[] }, ctx: OrdersContext) => {
      if (ids.length > MAX_IDS) throw badInput('ids', `customers takes at most ${MAX_IDS} ids, got ${ids.length}`);
      return ctx.loaders.customerById.loadMany(ids.map((id) => id.trim()));
    },
    order: (_: unknown, { number }: { number: string }, ctx: OrdersContext) => ctx.loaders.orderByNumber.load(number.trim()),
  },
  Mutation: {
    async cancelOrder(_: unknown, args: { number: string; reason: string }, ctx: OrdersContext) {
      const order = await cancelOrder(ctx.db, args.number, args.reason, ctx.viewer);
      ctx.afterCommit();
      return order;
    },
    async requestReturn(_: unknown, args: { orderNumber: string; sku: string; resolution: string }, ctx: OrdersContext) {
      const created = await requestReturn(ctx.db, { ...args, now: ctx.now, labelBaseUrl: ctx.labelBaseUrl, viewer: ctx.viewer });
      ctx.afterCommit();
      return created;
    },
  },
  Customer: {
    __resolveReference: (ref: { id: string }, ctx: OrdersContext) => ctx.loaders.customerById.load(ref.id),
    orders: (customer: CustomerRow, _: unknown, ctx: OrdersContext) => ctx.loaders.ordersByCustomer.load(customer.id),
    accessLog: (customer: CustomerRow, { last }: { last: number }, ctx: OrdersContext) => accessLogOf(ctx.db, customer.id, last),
  },
  Order: {
    __resolveReference: (ref: { number: string }, ctx: OrdersContext) => ctx.loaders.orderByNumber.load(ref.number),
    customer: (order: OrderRow, _: unknown, ctx: OrdersContext) => ctx.loaders.customerById.load(order.customerId),
    cancellation: (order: OrderRow) =>
      order.cancelReason
        ? { reason: order.cancelReason, message: cancellationMessage(order.cancelReason), at: order.cancelledAt }
        : null,
    lines: (order: OrderRow, _: unknown, ctx: OrdersContext) => ctx.loaders.linesByOrder.load(order.number),
    async total(order: OrderRow, _: unknown, ctx: OrdersContext) {
      const lines = await ctx.loaders.linesByOrder.load(order.number);
      const cents = lines.reduce((sum, l) => sum + toCents(l.unitPrice) * BigInt(l.quantity), 0n);
      return { amount: fromCents(cents), currency: order.currency };
    },
    returns: (order: OrderRow, _: unknown, ctx: OrdersContext) => ctx.loaders.returnsByOrder.load(order.number),
  },
  OrderLine: {
    product: (line: OrderLineRow) => ({ __typename: 'Product', sku: line.sku }),
    unitPrice: (line: OrderLineRow) => ({ amount: line.unitPrice, currency: line.currency }),
    warranty: (line: OrderLineRow, _: unknown, ctx: OrdersContext) => {
      // `active` runs out with the calendar: the answer says until when it holds (common/validUntil.ts);
      // a line without a warranty has nothing that will.
      if (!line.warrantyExpiresOn) {
        noteValidUntil(null);
        return null;
      }
      noteValidUntil(warrantyActiveUntil(line.warrantyExpiresOn, ctx.now));
      return { active: isWarrantyActive(line.warrantyExpiresOn, ctx.now), expiresOn: line.warrantyExpiresOn };
    },
  },
  Return: {
    order: (ret: ReturnRow, _: unknown, ctx: OrdersContext) => ctx.loaders.orderByNumber.load(ret.orderNumber),
    product: (ret: ReturnRow) => ({ __typename: 'Product', sku: ret.sku }),
  },
};
