import type { Viewer } from '../common/identity';

/** What the gateway knows about one incoming request. */
export interface GatewayContext {
  /** From the caller's x-request-id, or a new one; forwarded to every subgraph and echoed back. */
  requestId: string;
  /** The verified caller. */
  viewer: Viewer;
  /** When the caller's token stops being accepted (epoch ms, as the token verifier judges it); undefined when anonymous. */
  credentialExpiresAt?: number;
  /** The caller's verified token claims (gateway/authz judges the supergraph's authorization directives on them); undefined when anonymous. */
  claims?: Readonly<Record<string, unknown>>;
  /** The incoming request's headers: those a subgraph is configured to be sent (forwardHeaders) are read from here. */
  callerHeaders?: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The caller's identity signed for one subgraph (its `aud`), once per request and subgraph.
   * Whether a subgraph is sent it is its setting: use gateway/auth/identityHeaders.ts.
   */
  identity(this: GatewayContext, subgraph: string): Promise<string>;
}
