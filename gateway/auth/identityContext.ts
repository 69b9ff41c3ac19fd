import type { IncomingMessage } from 'node:http';
import type { Viewer } from '../../common/identity';
import type { GatewayContext } from '../context';
import type { IdentitySigner } from './identitySigner';
import type { TokenVerifier } from './tokenVerifier';

/** A request's context: its id, the verified caller, and the identity forwarded to subgraphs. */
export async function createGatewayContext(
  req: IncomingMessage,
  requestId: string,
  verify: TokenVerifier,
  signIdentity: IdentitySigner,
): Promise<GatewayContext> {
  const header = req.headers.authorization;
  const signed = new WeakMap<Viewer, Map<string, Promise<string>>>();
  const authorization = Array.isArray(header) ? header[0] : header;
  const { viewer, expiresAt, claims } = verify.withExpiry ? await verify.withExpiry(authorization) : { viewer: await verify(authorization), expiresAt: undefined, claims: undefined };
  return {
    requestId,
    callerHeaders: req.headers,
    viewer,
    credentialExpiresAt: expiresAt,
    claims,
    // A method reading `this`: Apollo Server clones the context per operation, and the plugin that
    // names the operation replaces `viewer` on the clone. Signed once per viewer and subgraph.
    identity(this: GatewayContext, audience: string) {
      let byAudience = signed.get(this.viewer);
      if (!byAudience) signed.set(this.viewer, (byAudience = new Map()));
      let token = byAudience.get(audience);
      if (!token) byAudience.set(audience, (token = signIdentity(this.viewer, audience)));
      return token;
    },
  };
}
