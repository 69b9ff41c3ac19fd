import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { DateTimeScalar } from '../../common/scalars';
import type { Channel } from './channel';
import type { PricingContext } from './context';
import { money } from '../../common/money';
import { noteValidUntil } from '../../common/validUntil';
import { quotePrice } from './priceEngine';
import { productBySku, productsBySkus } from './productLookup';
import type { ProductRow, PromotionRow } from './repository';
import { setProductPrice } from './setProductPrice';

export const resolvers: GraphQLResolverMap<PricingContext> = {
  DateTime: DateTimeScalar,
  Query: {
    product: (_: unknown, args: { sku: string }, ctx: PricingContext) => productBySku(ctx, args.sku),
    products: (_: unknown, args: { skus: string[] }, ctx: PricingContext) => productsBySkus(ctx, args.skus),
  },
  Mutation: {
    setProductPrice: (_: unknown, args: { sku: string; amount: string }, ctx: PricingContext) => setProductPrice(ctx, args),
  },
  Product: {
    __resolveReference: (reference: { sku: string }, ctx: PricingContext) => productBySku(ctx, reference.sku),
    async price(product: ProductRow, args: { channel: Channel }, ctx: PricingContext) {
      const promotions = await runningPromotions(ctx, product.sku);
      const quote = quotePrice({ regularAmount: product.regularPrice, promotions, at: ctx.now, channel: args.channel });
      return {
        channel: quote.channel,
        promotion: quote.promotion,
        amount: money(quote.amount, product.currency),
        regularAmount: money(quote.regularAmount, product.currency),
      };
    },
    activePromotions: (product: ProductRow, _: unknown, ctx: PricingContext) => runningPromotions(ctx, product.sku),
  },
  Promotion: {
    amount: (promotion: PromotionRow) => money(promotion.amount, promotion.currency),
  },
};

/** The promotions running now; the answer is noted as true until the next one starts or ends (common/validUntil.ts). */
async function runningPromotions(ctx: PricingContext, sku: string) {
  const { running, nextChange } = await ctx.loaders.promotionsBySku.load(sku);
  noteValidUntil(nextChange);
  return running;
}
