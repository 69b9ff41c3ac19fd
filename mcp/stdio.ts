import { decodeJwt } from 'jose';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { readString, type Env } from '../common/config';
import { loadAgentTools } from './agentTools';
import { loadApiSchema } from './apiSchema';
import { graphCaller } from './graphCall';
import { createToolServer } from './toolServer';

export const DEFAULT_GRAPH_URL = 'http://localhost:4000/graphql';

export interface StdioSettings {
  /** GRAPH_URL: the gateway's /graphql, default http://localhost:4000/graphql. */
  graphUrl: string;
  /** GRAPH_TOKEN: sent as `Authorization: Bearer <token>`; no header when unset. */
  token?: string;
}

export function readStdioSettings(env: Env = process.env): StdioSettings {
  const graphUrl = readString(env, 'GRAPH_URL', DEFAULT_GRAPH_URL);
  if (!isHttpUrl(graphUrl)) {
    throw new Error(`GRAPH_URL must be an absolute http(s) URL such as ${DEFAULT_GRAPH_URL}, got "${graphUrl}"`);
  }
  const token = readString(env, 'GRAPH_TOKEN')?.trim();
  return { graphUrl, token: token || undefined };
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Whose credential GRAPH_TOKEN is, read from its claims (not verified here: the gateway verifies it
 * on every call), so the person starting the server sees whose data the agent will reach:
 * `CUS-000002 (customer), acting: chatbot` for a bot acting for a customer; a `bot` token alone
 * reaches only public data (products and prices).
 */
export function describeCaller(token: string | undefined): string {
  if (!token) return 'no one (anonymous: public data only)';
  try {
    const claims = decodeJwt(token);
    const actor = (claims.act as { sub?: unknown } | undefined)?.sub;
    // A bot for no customer is told so at start-up, not at the first refused tool call.
    const scope = typeof actor === 'string' ? `, acting: ${actor}` : claims.role === 'bot' ? ', acting for no customer: products and prices only' : '';
    return `${String(claims.sub ?? 'unknown subject')} (${String(claims.role ?? 'no role')})${scope}`;
  } catch {
    return 'an unreadable token (the gateway will refuse it)';
  }
}

/**
 * The MCP server for desktop agents: stdio in and out, every tool call sent to the gateway at GRAPH_URL
 * with the GRAPH_TOKEN credential. Throws (so the process exits) when a tool operation is invalid.
 */
export async function startStdioServer(
  settings: StdioSettings,
  options: { supergraphPath?: string; operationsDir?: string } = {},
): Promise<Server> {
  const tools = loadAgentTools(loadApiSchema(options.supergraphPath), options.operationsDir);
  const headers: Record<string, string> = settings.token ? { authorization: `Bearer ${settings.token}` } : {};
  const server = createToolServer(tools, graphCaller({ url: settings.graphUrl, headers }));
  await server.connect(new StdioServerTransport());
  return server;
}
