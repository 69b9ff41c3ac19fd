import type { IncomingMessage } from 'node:http';
import { sendJson, type Route } from '../../common/http';
import type { McpAuthentication } from '../../mcp/httpRoute';
import type { AuthConfig } from './authConfig';
import type { TokenVerifier } from './tokenVerifier';

/** RFC 9728 §3: the well-known path of a protected resource's metadata. */
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/**
 * /mcp as the MCP authorization spec (2025-06-18) wants it: every request carries a bearer token the
 * gateway verifies as it verifies /graphql's (issuer, audience, signature, age), refused with 401 and a
 * `WWW-Authenticate` header pointing to the protected-resource metadata, which names the authorization
 * server the gateway trusts, so a hosted MCP client can find out how to sign in.
 */
export function mcpAuthentication(verify: TokenVerifier, publicUrl: string | undefined): McpAuthentication {
  return {
    async refusal(req) {
      const header = req.headers.authorization;
      if (!header) return { missing: true, message: '/mcp needs Authorization: Bearer <token> from the authorization server named in the resource metadata' };
      try {
        const viewer = await verify(header);
        return viewer.role === 'anonymous' ? { missing: true, message: '/mcp needs a bearer token' } : undefined;
      } catch (error) {
        return { missing: false, message: (error as Error).message };
      }
    },
    resourceMetadataUrl: (req) => `${originOf(req, publicUrl)}${RESOURCE_METADATA_PATH}`,
  };
}

/**
 * The metadata (RFC 9728 §2), at the well-known path and at its `/mcp` form (§3.1: the resource's path
 * appended), which clients try first. `resource` is /mcp's own URL: the audience a client asks for.
 */
export function resourceMetadataRoutes(auth: AuthConfig, publicUrl: string | undefined): Record<string, Route> {
  const route: Route = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    res.setHeader('cache-control', publicUrl ? 'max-age=3600' : 'no-store');
    res.setHeader('access-control-allow-origin', '*');
    sendJson(res, 200, {
      resource: `${originOf(req, publicUrl)}/mcp`,
      authorization_servers: [auth.issuer],
      bearer_methods_supported: ['header'],
      resource_name: 'Customer graph agent tools',
    });
  };
  return { [RESOURCE_METADATA_PATH]: route, [`${RESOURCE_METADATA_PATH}/mcp`]: route };
}

/** PUBLIC_URL, else the origin the request was sent to (its Host header, as the client named it). */
function originOf(req: IncomingMessage, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = String(req.headers.host ?? 'localhost').replace(/[^\w.:[\]-]/g, '');
  return `http://${host}`;
}
