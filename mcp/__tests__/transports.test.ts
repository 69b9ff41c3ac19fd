import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { loadAgentTools } from '../agentTools';
import { loadApiSchema } from '../apiSchema';
import { graphCaller } from '../graphCall';
import { createMcpRoute } from '../httpRoute';
import { createToolServer } from '../toolServer';
import { callTool, connect, connectInMemory, serve, startFakeGateway, type Served } from './support';

/**
 * The MCP server against a fake gateway that records what reaches it: what is sent, with which
 * credentials, and what comes back when the gateway refuses.
 */
const ROOT = join(__dirname, '..', '..');
const tools = loadAgentTools(loadApiSchema());
const BOB = { id: 'CUS-000002', name: 'Bob Jones', email: 'bob.jones@email.com', phone: '+15550100200' };

let gateway: Awaited<ReturnType<typeof startFakeGateway>>;
let answer: Parameters<typeof startFakeGateway>[0];
beforeAll(async () => {
  gateway = await startFakeGateway((request) => answer(request));
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.seen.length = 0;
  answer = () => ({ body: { data: { customerByEmail: { __typename: 'Customer', ...BOB, phone: null } } } });
});

describe('over an in-memory transport', () => {
  let client: Client;
  beforeAll(async () => {
    client = await connectInMemory(createToolServer(tools, graphCaller({ url: () => gateway.graphUrl })));
  });
  afterAll(() => client.close());

  test.each([
    ['find_customer', { email: BOB.email, orderNumber: '987654321' }, /give exactly one of: email, phone, orderNumber, caseNumber/],
    ['find_customer', {}, /give exactly one of/],
    ['order_status', { number: '987654321' }, /missing required argument `orderNumber`.*unknown argument `number`/],
    ['product_price', { sku: 'TENT-2P', channel: 'SHOP' }, /argument `channel` must be one of WEB, STORE, PHONE, EMAIL, CHAT, MAILER/],
    ['open_support_case', { input: { customerId: BOB.id, subject: 'Late', channel: 'CHAT' } }, /`input.summary` is required/],
    ['add_case_note', { caseNumber: 'CS-100003', channel: 'CHAT', summary: 42 }, /argument `summary` must be a string/],
  ])('When %s is called with %j, then it answers a tool error naming the argument and sends nothing to the gateway', async (name, args, message) => {
    const result = await callTool(client, name, args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`^Invalid arguments for ${name}: `));
    expect(result.text).toMatch(message);
    expect(gateway.seen).toHaveLength(0);
  });

  test('When find_customer is called with an email, then the gateway gets the operation with the email and the guards set, and the answer is pruned', async () => {
    const result = await callTool(client, 'find_customer', { email: BOB.email, phone: null });
    expect(gateway.seen).toHaveLength(1);
    expect(gateway.seen[0].body).toMatchObject({
      operationName: 'FindCustomer',
      variables: { email: BOB.email, has_email: true, has_phone: false, has_orderNumber: false, has_caseNumber: false },
    });
    expect(gateway.seen[0].body.query).toContain('customerByEmail: customer(email: $email) @include(if: $has_email)');
    expect(result).toEqual({ isError: false, text: JSON.stringify({ customerByEmail: { id: BOB.id, name: BOB.name, email: BOB.email } }), json: expect.anything() });
  });

  test('When the gateway answers GraphQL errors, then the tool answers a tool error quoting each message and code', async () => {
    answer = () => ({ body: { data: null, errors: [{ message: 'Order 1 is CANCELLED and cannot be cancelled', path: ['cancelOrder'], extensions: { code: 'NOT_ALLOWED', reason: 'ORDER_NOT_CANCELLABLE' } }] } });
    const result = await callTool(client, 'cancel_order', { orderNumber: '1', reason: 'CUSTOMER_REQUEST' });
    expect(result).toEqual({
      isError: true,
      text: 'cancel_order failed. The graph refused or failed part of the call: Order 1 is CANCELLED and cannot be cancelled (NOT_ALLOWED, reason ORDER_NOT_CANCELLABLE, at cancelOrder)',
    });
  });

  test('When the gateway answers part of the data with an error, then the tool error carries the partial result', async () => {
    answer = () => ({ body: { data: { order: { number: '1', status: 'PLACED', notifications: null } }, errors: [{ message: 'notifications is unavailable', path: ['order', 'notifications'], extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] } });
    const result = await callTool(client, 'order_status', { orderNumber: '1' });
    expect(result.isError).toBe(true);
    expect(result.text).toContain('notifications is unavailable (SUBGRAPH_UNAVAILABLE, at order.notifications)');
    expect(result.text).toContain('Partial result: {"order":{"number":"1","status":"PLACED"}}');
  });

  test('When the gateway answers HTTP 401 with an error, then the tool error quotes it', async () => {
    answer = () => ({ status: 401, body: { errors: [{ message: 'A valid bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }] } });
    const result = await callTool(client, 'order_status', { orderNumber: '1' });
    expect(result.text).toMatch(/A valid bearer token is required \(UNAUTHENTICATED\)/);
  });

  test('When the gateway cannot be reached, then the tool error names the URL', async () => {
    const closed = await serve(() => undefined);
    await closed.close();
    const offline = await connectInMemory(createToolServer(tools, graphCaller({ url: `${closed.url}/graphql` })));
    const result = await callTool(offline, 'order_status', { orderNumber: '1' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(new RegExp(`The graph at ${closed.url}/graphql could not be reached: .*ECONNREFUSED`));
    await offline.close();
  });

  test('When an unknown tool is called, then the call is refused as a protocol error listing the tools', async () => {
    await expect(client.callTool({ name: 'drop_tables', arguments: {} })).rejects.toThrow(/Unknown tool drop_tables; tools: add_case_note, cancel_order/);
  });
});

describe('over Streamable HTTP at /mcp', () => {
  let route: Served;
  beforeAll(async () => {
    route = await serve(createMcpRoute({ graphUrl: () => gateway.graphUrl }));
  });
  afterAll(() => route.close());

  test("When a hosted agent calls a tool, then the gateway receives the caller's own Authorization and x-request-id", async () => {
    const client = await connect(
      new StreamableHTTPClientTransport(new URL(`${route.url}/mcp`), {
        requestInit: { headers: { authorization: 'Bearer agent-7', 'x-request-id': 'chat-42', cookie: 'session=1' } },
      }),
    );
    const result = await callTool(client, 'find_customer', { email: BOB.email });
    await client.close();
    expect(result.json).toEqual({ customerByEmail: { id: BOB.id, name: BOB.name, email: BOB.email } });
    expect(gateway.seen).toHaveLength(1);
    expect(gateway.seen[0].headers).toMatchObject({ authorization: 'Bearer agent-7', 'x-request-id': 'chat-42' });
    expect(gateway.seen[0].headers.cookie).toBeUndefined();
  });

  test('When two agents call at once, then each call carries its own credential', async () => {
    const agents = await Promise.all(
      ['Bearer one', 'Bearer two'].map((authorization) =>
        connect(new StreamableHTTPClientTransport(new URL(`${route.url}/mcp`), { requestInit: { headers: { authorization } } })),
      ),
    );
    await Promise.all(agents.map((agent) => callTool(agent, 'find_customer', { email: BOB.email })));
    await Promise.all(agents.map((agent) => agent.close()));
    expect(gateway.seen.map((s) => s.headers.authorization).sort()).toEqual(['Bearer one', 'Bearer two']);
  });

  test('When /mcp is asked with GET, then it answers 405: the endpoint is stateless', async () => {
    const response = await fetch(`${route.url}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('over stdio (npm run mcp)', () => {
  test('When a desktop agent calls a tool, then the gateway at GRAPH_URL receives GRAPH_TOKEN as a bearer token', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'mcp.ts')],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', GRAPH_URL: gateway.graphUrl, GRAPH_TOKEN: 'desk-123' },
      stderr: 'pipe',
    });
    const client = await connect(transport);
    const listed = await client.listTools();
    const result = await callTool(client, 'find_customer', { email: BOB.email });
    await client.close();
    expect(listed.tools.map((t) => t.name)).toEqual(tools.map((t) => t.name));
    expect(result.json).toEqual({ customerByEmail: { id: BOB.id, name: BOB.name, email: BOB.email } });
    expect(gateway.seen.map((s) => s.headers.authorization)).toEqual(['Bearer desk-123']);
  }, 30_000);
});
