import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { accessLogOf } from '../../common/accessLog';
import { DateTimeScalar } from '../../common/scalars';
import { addCaseInteraction, type AddCaseInteractionInput } from './addCaseInteraction';
import { normalizeCaseNumber } from './caseNumber';
import type { SupportContext } from './context';
import { forgetCase } from './loaders';
import { liveResolvers } from './live';
import { openSupportCase, type OpenSupportCaseInput } from './openSupportCase';
import type { SupportCaseRecord } from './types';

function loadCase(ctx: SupportContext, number: string): Promise<SupportCaseRecord | null> | null {
  const canonical = normalizeCaseNumber(number);
  return canonical === null ? null : ctx.loaders.caseByNumber.load(canonical);
}

export const resolvers: GraphQLResolverMap<SupportContext> = {
  ...(liveResolvers as unknown as GraphQLResolverMap<SupportContext>),
  DateTime: DateTimeScalar,
  Query: {
    supportCase: (_: unknown, args: { number: string }, ctx: SupportContext) => loadCase(ctx, args.number),
  },
  Mutation: {
    async openSupportCase(_: unknown, args: { input: OpenSupportCaseInput }, ctx: SupportContext) {
      const created = await openSupportCase(ctx.db, ctx.customerDirectory, args.input, ctx.forwardHeaders);
      ctx.afterCommit();
      forgetCase(ctx.loaders, created);
      return created;
    },
    async addCaseInteraction(_: unknown, args: AddCaseInteractionInput, ctx: SupportContext) {
      const updated = await addCaseInteraction(ctx.db, args);
      ctx.afterCommit();
      forgetCase(ctx.loaders, updated);
      return updated;
    },
  },
  SupportCase: {
    __resolveReference: (ref: { number: string }, ctx: SupportContext) => loadCase(ctx, ref.number),
    customer: (c: SupportCaseRecord) => ({ __typename: 'Customer', id: c.customerId }),
    order: (c: SupportCaseRecord) => (c.orderNumber === null ? null : { __typename: 'Order', number: c.orderNumber }),
    interactions: (c: SupportCaseRecord, _: unknown, ctx: SupportContext) => ctx.loaders.interactionsByCase.load(c.number),
  },
  // Customer and Order are Orders' entities: a reference is all Support needs to list their cases.
  Customer: {
    __resolveReference: (ref: { id: string }) => ref,
    supportCases: (customer: { id: string }, _: unknown, ctx: SupportContext) => ctx.loaders.casesByCustomer.load(customer.id),
    supportAccessLog: (customer: { id: string }, { last }: { last: number }, ctx: SupportContext) => accessLogOf(ctx.db, customer.id, last),
  },
  Order: {
    __resolveReference: (ref: { number: string }) => ref,
    supportCases: (order: { number: string }, _: unknown, ctx: SupportContext) => ctx.loaders.casesByOrder.load(order.number),
  },
};
