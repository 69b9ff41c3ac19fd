import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Names the client's operation in the forwarded identity, for the subgraphs' access logs. */
export function useIdentity(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          contextValue.viewer = { ...contextValue.viewer, operation: operation?.name?.value ?? operationName ?? 'anonymous' };
        },
      };
    },
  };
}
