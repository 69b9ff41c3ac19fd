import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadAgentTools, type AgentTool } from './agentTools';
import { loadApiSchema } from './apiSchema';
import { graphCaller } from './graphCall';

/**
 * The MCP SDK (and the tool server built on it) is loaded on the first /mcp request: it is about half
 * a second of module loading that a gateway serving only GraphQL should not pay at cold start.
 */
let sdk: Promise<[typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js'), typeof import('./toolServer')]> | undefined;
function loadSdk() {
  sdk ??= Promise.all([import('@modelcontextprotocol/sdk/server/streamableHttp.js'), import('./toolServer')]);
  return sdk;
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
}

/** The caller's own credential and request id travel on to the gateway; nothing else does. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

/**
 * The MCP Streamable HTTP endpoint (stateless: every POST is answered on its own, with JSON) for hosted
 * agents. The tools are loaded and checked here, so a gateway with an invalid tool does not start.
 */
export function createMcpRoute(options: McpRouteOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const loaded = options.tools ? undefined : loadAgentTools(loadApiSchema(options.supergraphPath), options.operationsDir);
  const tools = options.tools ?? (() => loaded!);
  const maxRequestBodySize = options.maxBodyBytes ?? 1_000_000;
  return async (req, res) => {
    if (req.method !== 'POST') {
      // Stateless: no server-sent event stream to resume and no session to delete.
      res.writeHead(405, { allow: 'POST', 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: POST MCP messages to /mcp' }, id: null }));
      return;
    }
    const [{ StreamableHTTPServerTransport }, { createToolServer }] = await loadSdk();
    const server = createToolServer(tools(), graphCaller({ url: options.graphUrl, headers: forwardedHeaders(req) }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
}

export function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
