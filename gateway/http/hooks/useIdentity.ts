import type { GatewayHook } from '../hook';

/** Names the client's operation in the forwarded identity, for the subgraphs' access logs. */
export function useIdentity(): GatewayHook {
  return {
    name: 'identity',
    onOperation({ context, operation, params }) {
      context.viewer = { ...context.viewer, operation: operation?.name?.value ?? params.operationName ?? 'anonymous' };
    },
  };
}
