import { EventType } from '../../common/eventContracts';
import { assertMayWatch } from '../../common/live/access';
import type { LiveContext } from '../../common/live/subgraphStream';
import { normalizeCaseNumber } from './caseNumber';
import type { SupportContext } from './context';

type Ctx = SupportContext & LiveContext;

interface CaseChange {
  kind: string;
  at: string;
  caseNumber: string;
}

export const liveResolvers = {
  Subscription: {
    supportCaseChanged: {
      async subscribe(_: unknown, { number }: { number: string }, ctx: Ctx) {
        const caseNumber = normalizeCaseNumber(number);
        const found = caseNumber ? await ctx.loaders.caseByNumber.load(caseNumber) : null;
        assertMayWatch(ctx.viewer, found?.customerId, `support case ${number.trim()}`);
        const watched = found?.number as string;
        await ctx.live.start();
        return ctx.live.listen<CaseChange>((event) => {
          const payload = event.payload as { caseNumber?: unknown; at?: unknown };
          if (event.type !== EventType.CaseInteractionAdded || payload.caseNumber !== watched) return undefined;
          return { kind: 'INTERACTION_ADDED', at: typeof payload.at === 'string' ? payload.at : event.occurredAt, caseNumber: watched };
        });
      },
      resolve: (change: CaseChange) => change,
    },
  },
  SupportCaseChange: {
    supportCase: (change: CaseChange, _: unknown, ctx: SupportContext) => ctx.loaders.caseByNumber.load(change.caseNumber),
  },
};
