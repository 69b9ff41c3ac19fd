import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { loadAgentTools, type AgentTool } from './agentTools';
import { loadApiSchema } from './apiSchema';
import { graphCaller } from './graphCall';
import type { StatelessHttpHub } from './statelessHub';

export { FORWARDED_HEADERS } from './graphCall';

/**
 * The MCP SDK (and the tool server built on it) is loaded on the first authenticated /mcp request: it
 * is about half a second of module loading that a gateway serving only GraphQL should not pay at cold start.
 */
let sdk: Promise<[typeof import('./statelessHub'), typeof import('./toolServer')]> | undefined;
function loadSdk() {
  sdk ??= Promise.all([import('./statelessHub'), import('./toolServer')]);
  return sdk;
}

/** Who may use /mcp: a refusal (401) says why, before anything is parsed or built. */
export interface McpAuthentication {
  /** Undefined: the caller is authenticated; else why not (`missing`: no credential at all). */
  refusal(req: IncomingMessage): Promise<{ missing: boolean; message: string } | undefined>;
  /** The URL of the OAuth 2.0 protected-resource metadata (RFC 9728) naming the authorization server. */
  resourceMetadataUrl(req: IncomingMessage): string;
}

export interface McpRouteOptions {
  /** The gateway's /graphql URL; a function when it is only known once the gateway listens. */
  graphUrl: string | (() => string);
  /** Default schema/supergraph.graphql. */
  supergraphPath?: string;
  /** Default schema/operations/agent. */
  operationsDir?: string;
  /** Largest MCP request body, default 1 MB like /graphql. */
  maxBodyBytes?: number;
  /**
   * The tools to serve, asked on every request: the gateway's set follows the supergraph it serves
   * (gateway/agentToolSet.ts). Without it the tools are loaded from the supergraph file here, once.
   */
  tools?: () => AgentTool[];
  /**
   * The gateway always sets it: every request is authenticated first (the MCP authorization spec).
   * Without it (an MCP server in front of a gateway) the credential is only checked by the gateway, per call.
   */
  authentication?: McpAuthentication;
}

/**
 * The MCP Streamable HTTP endpoint (stateless: every POST is answered on its own, with JSON) for hosted
 * agents: one MCP server for the process, built on the first authenticated request. The tools are loaded
 * and checked here, so a gateway with an invalid tool does not start.
 */
export function createMcpRoute(options: McpRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const loaded = options.tools ? undefined : loadAgentTools(loadApiSchema(options.supergraphPath), options.operationsDir);
  const tools = options.tools ?? (() => loaded!);
  const maxRequestBodySize = options.maxBodyBytes ?? 1_000_000;
  let hub: Promise<StatelessHttpHub> | undefined;
  const sharedHub = () =>
    (hub ??= loadSdk().then(async ([{ StatelessHttpHub }, { createToolServer }]) => {
      const connected = new StatelessHttpHub();
      const server: Server = createToolServer(tools, graphCaller({ url: options.graphUrl }));
      await server.connect(connected);
      return connected;
    }));
  return async (req, res) => {
    const refusal = await options.authentication?.refusal(req);
    if (refusal) {
      // RFC 6750 §3 and RFC 9728 §5.1: where a client learns how to get a token for this resource.
      const metadata = `resource_metadata="${options.authentication!.resourceMetadataUrl(req)}"`;
      const error = refusal.missing ? '' : `error="invalid_token", error_description="${refusal.message.replace(/["\\]/g, "'")}", `;
      res.writeHead(401, { 'www-authenticate': `Bearer ${error}${metadata}`, 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ error: refusal.missing ? 'unauthorized' : 'invalid_token', error_description: refusal.message }));
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      // Stateless: no server-sent event stream to resume and no session to delete.
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST MCP messages to /mcp' }, id: null }));
      return;
    }
    await (await sharedHub()).handle(req, res, maxRequestBodySize);
  };
}
