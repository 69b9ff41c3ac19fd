import type { GatewayHook } from '../hook';

/** Echoes the request id to the caller on every answer, so a support ticket can quote it. */
export function useRequestId(): GatewayHook {
  return {
    name: 'requestId',
    onHttpResponse(http) {
      http.headers['x-request-id'] = http.requestId;
    },
  };
}
