import { SignJWT } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { createLogger } from '../common/logger';
import { loadGatewayConfig } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { callTool } from '../mcp/__tests__/support';
import { STORY } from '../demo/stories';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * /mcp as the MCP authorization spec asks (#28): refused without a valid token before anything is
 * built, with the way to a token in WWW-Authenticate (RFC 9728); one MCP server per process; and the
 * tools call the gateway back on the address it actually listens on.
 */
let graph: TestGraph;
let origin: string;
const started: RunningGateway[] = [];

beforeAll(async () => {
  graph = await startTestGraph();
  origin = graph.gatewayUrl.replace(/\/graphql$/, '');
});
afterAll(async () => {
  for (const gateway of started) await gateway.stop();
  await graph?.stop();
});

const listTools = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });

async function mcpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'mcp-authorization-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

describe('/mcp refuses callers without a valid token', () => {
  test('When tools/list comes without a token, then it is 401 with WWW-Authenticate pointing to the protected-resource metadata, and no tool is listed', async () => {
    const response = await listTools(`${origin}/mcp`);
    expect(response.status).toBe(401);
    const host = new URL(origin).host;
    expect(response.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="http://${host}/.well-known/oauth-protected-resource"`);
    expect(await response.text()).not.toContain('find_customer');
  });

  test('When the body is not even JSON and there is no token, then it is still 401: nothing is read before the caller is known', async () => {
    const response = await fetch(`${origin}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(response.status).toBe(401);
  });

  test.each<[string, { aud?: string; iss?: string }]>([
    ['for another audience', { aud: 'another-api' }],
    ['from another issuer', { iss: 'https://elsewhere.example/' }],
  ])('When the token is %s, then it is 401 invalid_token, whatever its signature', async (_case, claims) => {
    const auth = graph.gateway.config.auth;
    const token = await new SignJWT({ role: 'agent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('agent-ada')
      .setIssuer(claims.iss ?? auth.issuer)
      .setAudience(claims.aud ?? auth.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(auth.jwtSecret!);
    const response = await listTools(`${origin}/mcp`, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="http:\/\/.+\/\.well-known\/oauth-protected-resource"$/);
  });

  test('When a client reads the protected-resource metadata, then it names /mcp and the authorization server the gateway trusts (JWT_ISSUER)', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const response = await fetch(`${origin}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
      expect(await response.json()).toEqual({
        resource: `${origin}/mcp`,
        authorization_servers: [graph.gateway.config.auth.issuer],
        bearer_methods_supported: ['header'],
        resource_name: expect.any(String),
      });
    }
  });
});

describe('/mcp with a valid token', () => {
  test('When several agents call tools at once, then each gets its own answer from one MCP server for the process', async () => {
    const connect = jest.spyOn(Server.prototype, 'connect');
    try {
      const [agent, bob] = await Promise.all([graph.token('agent'), graph.token('customer', STORY.bob.id)]);
      const clients = await Promise.all([mcpClient(`${origin}/mcp`, agent), mcpClient(`${origin}/mcp`, bob), mcpClient(`${origin}/mcp`, agent)]);
      const emails = [STORY.alice.email, STORY.bob.email, STORY.bob.email];
      const answers = await Promise.all(clients.map((client, i) => callTool(client, 'find_customer', { email: emails[i] })));
      expect(answers.map((answer) => answer.json?.customerByEmail?.email)).toEqual(emails);
      expect((await clients[0].listTools()).tools.map((tool) => tool.name)).toContain('find_customer');
      await Promise.all(clients.map((client) => client.close()));
      // Several POSTs each (initialize, initialized, tools/call, tools/list): one server, built on the first.
      expect(connect).toHaveBeenCalledTimes(1);
    } finally {
      connect.mockRestore();
    }
  });

  test('When the gateway listens on one address that is not 127.0.0.1 (HOST=127.0.0.2), then the tools reach the graph on it; PUBLIC_URL names the resource', async () => {
    const urls = Object.fromEntries(Object.entries(graph.subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s!.url]));
    const env = { ...process.env, ...urls, PORT: '0', HOST: '127.0.0.2', PUBLIC_URL: 'https://graph.example.com/' };
    expect(() => loadGatewayConfig({ ...env, PUBLIC_URL: 'graph.example.com' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    const gateway = await startGateway(loadGatewayConfig(env), createLogger('gateway', { LOG_LEVEL: 'silent' }));
    started.push(gateway);
    const own = `http://127.0.0.2:${gateway.port}`;
    expect((await listTools(`${own}/mcp`)).headers.get('www-authenticate')).toBe('Bearer resource_metadata="https://graph.example.com/.well-known/oauth-protected-resource"');
    expect(((await (await fetch(`${own}/.well-known/oauth-protected-resource`)).json()) as { resource: string }).resource).toBe('https://graph.example.com/mcp');
    const client = await mcpClient(`http://127.0.0.2:${gateway.port}/mcp`, await graph.token('agent'));
    const answer = await callTool(client, 'find_customer', { email: STORY.bob.email });
    await client.close();
    expect(answer.text).not.toMatch(/could not be reached/);
    expect(answer.json?.customerByEmail?.email).toBe(STORY.bob.email);
  });
});
