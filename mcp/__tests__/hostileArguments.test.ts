import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestGraph, type TestGraph } from '../../test/support/graph';
import { loadAgentTools } from '../agentTools';
import { loadApiSchema } from '../apiSchema';
import { graphCaller } from '../graphCall';
import { createToolServer } from '../toolServer';
import { callTool, connectInMemory } from './support';

/** Arguments no model would send but an attacker might: each is a tool error that says why, never a protocol error or a crash. */
let graph: TestGraph;
let agent: Client;
beforeAll(async () => {
  graph = await startTestGraph();
  const headers = { authorization: `Bearer ${await graph.token('agent')}` };
  agent = await connectInMemory(createToolServer(loadAgentTools(loadApiSchema()), graphCaller({ url: graph.gatewayUrl, headers })));
}, 120_000);
afterAll(async () => {
  await agent?.close();
  await graph?.stop();
});

describe('hostile tool arguments', () => {
  test('When open_support_case gets 200,000 nested lists, then it is a tool error naming the depth limit, not -32603 Maximum call stack size exceeded', async () => {
    const nested = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    const result = await callTool(agent, 'open_support_case', { input: { customerId: 'CUS-1', subject: 'x', channel: 'CHAT', summary: nested } });
    expect(result).toEqual({ isError: true, text: expect.stringMatching(/nest deeper than 64 levels/), json: undefined });
  });

  test('When find_customer gets a 900 KB email, then the tool error quotes only its first characters', async () => {
    const result = await callTool(agent, 'find_customer', { email: `${'x'.repeat(900_000)}@example.com` });
    expect(result.isError).toBe(true);
    expect(result.text.length).toBeLessThan(1000);
    expect(result.text).toMatch(/characters\) is not a valid email address \(BAD_USER_INPUT, argument email/);
  });
});
