import type { Viewer } from '../common/identity';

/** What the gateway knows about one incoming request. */
export interface GatewayContext {
  /** From the caller's x-request-id, or a new one; forwarded to every subgraph and echoed back. */
  requestId: string;
  /** The verified caller. */
  viewer: Viewer;
  /** The identity forwarded to subgraphs: signed once per request, on the first subgraph fetch. */
  identity(this: GatewayContext): Promise<string>;
}
