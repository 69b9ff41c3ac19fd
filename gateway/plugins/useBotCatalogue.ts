import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, graphError } from '../../common/errors';
import type { Viewer } from '../../common/identity';
import type { GatewayContext } from '../context';
import type { TrustedDocuments } from '../persisted/manifest';

/**
 * Bots act only through the curated agent operations: a `bot` caller, or a bot acting for a
 * customer (`Viewer.actor`), sending any other document is refused before a subgraph is called.
 */
export function isBotCaller(viewer: Viewer): boolean {
  return viewer.role === 'bot' || viewer.actor !== undefined;
}

export function useBotCatalogue(agentOperations: Pick<TrustedDocuments, 'isTrustedDocument'>): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!isBotCaller(contextValue.viewer)) return;
      return {
        async didResolveOperation({ document }) {
          if (!agentOperations.isTrustedDocument(document)) {
            throw graphError(ErrorCode.FORBIDDEN, 'The bot role may only send the curated agent operations (the agent tools)');
          }
        },
      };
    },
  };
}
