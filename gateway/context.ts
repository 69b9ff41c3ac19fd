/** What the gateway knows about one incoming request. */
export interface GatewayContext {
  /** From the caller's x-request-id, or a new one; forwarded to every subgraph and echoed back. */
  requestId: string;
}
