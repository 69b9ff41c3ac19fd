import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Echoes the request id to the caller, so a support ticket can quote it. */
export function useRequestId(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
        },
      };
    },
  };
}
