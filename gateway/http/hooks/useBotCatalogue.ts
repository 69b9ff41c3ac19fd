import { botRefusal, isBotCaller, type BotCatalogue } from '../../plugins/useBotCatalogue';
import type { GatewayHook } from '../hook';

/** Bots act only through the curated agent operations (gateway/plugins/useBotCatalogue.ts says how). */
export function useBotCatalogue(catalogue: BotCatalogue): GatewayHook {
  return {
    name: 'botCatalogue',
    onOperation({ context, document }) {
      if (!isBotCaller(context.viewer)) return;
      return botRefusal(catalogue, context.viewer, document!);
    },
  };
}
