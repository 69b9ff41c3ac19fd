import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLError } from 'graphql';
import { ErrorCode, graphError } from '../../common/errors';
import type { Viewer } from '../../common/identity';
import type { GatewayContext } from '../context';

export interface BotCatalogue {
  isTrustedDocument(document: DocumentNode): boolean;
  /** Why a bot acting for no customer may not send this curated document; undefined when it is public. */
  refusalWithoutCustomer(document: DocumentNode): GraphQLError | undefined;
}

/**
 * Bots act only through the curated agent operations: a `bot` caller, or a bot acting for a
 * customer (`Viewer.actor`), sending any other document is refused before a subgraph is called.
 */
export function isBotCaller(viewer: Viewer): boolean {
  return viewer.role === 'bot' || viewer.actor !== undefined;
}

/**
 * Why a bot may not send `document`, before any subgraph is called: it is not a curated operation;
 * or the bot acts for no customer (role `bot`) and the operation reaches customer data, which
 * answers CUSTOMER_SIGN_IN_REQUIRED (the subgraphs refuse it again on their own).
 */
export function botRefusal(catalogue: BotCatalogue, viewer: Viewer, document: DocumentNode): GraphQLError | undefined {
  if (!isBotCaller(viewer)) return undefined;
  if (!catalogue.isTrustedDocument(document)) {
    return graphError(ErrorCode.FORBIDDEN, 'The bot role may only send the curated agent operations (the agent tools)');
  }
  return viewer.role === 'bot' ? catalogue.refusalWithoutCustomer(document) : undefined;
}

export function useBotCatalogue(catalogue: BotCatalogue): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!isBotCaller(contextValue.viewer)) return;
      return {
        async didResolveOperation({ document }) {
          const refused = botRefusal(catalogue, contextValue.viewer, document);
          if (refused) throw refused;
        },
      };
    },
  };
}
