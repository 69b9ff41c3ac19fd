import type { Viewer } from '../common/identity';

/** What the gateway knows about one incoming request. */
export interface GatewayContext {
  /** From the caller's x-request-id, or a new one; forwarded to every subgraph and echoed back. */
  requestId: string;
  /** The verified caller. */
  viewer: Viewer;
  /**
   * The caller's identity signed for one subgraph (its `aud`), once per request and subgraph.
   * Whether a subgraph is sent it is its setting: use gateway/auth/identityHeaders.ts.
   */
  identity(this: GatewayContext, subgraph: string): Promise<string>;
}
