import { describeCaller, readStdioSettings, startStdioServer } from '../mcp/stdio';

/**
 * `npm run mcp`: the agent tools over stdio for desktop agents. stdout carries the protocol, so every
 * message for a person goes to stderr.
 */
async function main(): Promise<void> {
  const settings = readStdioSettings(process.env);
  await startStdioServer(settings);
  process.stderr.write(`customer-graph MCP server on stdio, calling ${settings.graphUrl}${settings.token ? ' with GRAPH_TOKEN' : ' without a token'}, as ${describeCaller(settings.token)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
