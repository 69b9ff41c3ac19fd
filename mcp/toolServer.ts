import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { AgentTool } from './agentTools';
import { GUARD_PREFIX } from './inputSchema';
import type { GraphCaller } from './graphCall';
import { shapeResult } from './shapeResult';

export const SERVER_INFO = { name: 'customer-graph', version: '0.1.0' };

const INSTRUCTIONS =
  'Tools over the retailer\'s customer graph: the same answers the support agent\'s screen shows. ' +
  'Find the customer first (find_customer) with whatever they quote. Read-only tools are safe to call; ' +
  'ask the person before a tool that changes data.';

/**
 * An MCP server offering the agent tools. The low-level Server is used (not McpServer) because each tool's
 * input schema is JSON Schema derived from GraphQL, not a zod schema. `tools` may be a function: the
 * gateway's set follows the supergraph it serves, asked on every request. Over HTTP each call carries
 * its request's headers (extra.requestInfo), which the graph caller forwards.
 */
export function createToolServer(served: AgentTool[] | (() => AgentTool[]), callGraph: GraphCaller): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  const current = typeof served === 'function' ? served : () => served;

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: current().map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: tool.annotations,
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tools = current();
    const tool = tools.find((candidate) => candidate.name === request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${request.params.name}; tools: ${tools.map((t) => t.name).join(', ')}`);
    }
    const checked = tool.checkArguments(request.params.arguments);
    if (!checked.ok) return toolError(`Invalid arguments for ${tool.name}: ${checked.problems.join('; ')}`);
    const variables: Record<string, unknown> = { ...checked.args };
    for (const name of tool.guarded) variables[`${GUARD_PREFIX}${name}`] = name in checked.args;

    const outcome = await callGraph({ query: tool.query, operationName: tool.operationName, variables }, extra.signal, extra.requestInfo?.headers);
    if (!outcome.ok) {
      const partial = outcome.partial ? `\nPartial result: ${JSON.stringify(shapeResult(outcome.partial, tool.shaping))}` : '';
      return toolError(`${tool.name} failed. ${outcome.message}${partial}`);
    }
    const result = shapeResult(outcome.data, tool.shaping);
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  });
  return server;
}

function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
