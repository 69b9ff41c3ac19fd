import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_JWT_SECRET } from '../common/identity';
import { STORY } from '../demo/stories';
import { signDelegatedBotToken } from '../gateway/auth/demoTokens';
import { startTestGraph, type TestGraph } from './support/graph';

/**
 * #18: a bot acting for one signed-in customer (subject the customer, `act.sub` the bot) reads and
 * changes exactly what the customer's own token would, through the gateway and the agent tools,
 * and the customer's access log names the bot.
 */
const AGENT_OPERATIONS = join(__dirname, '..', 'schema', 'operations', 'agent');
const agentOperation = (tool: string) => readFileSync(join(AGENT_OPERATIONS, `${tool}.graphql`), 'utf8');

let graph: TestGraph;
let botForBob: Record<string, string>;
let subgraphCalls = 0;
beforeAll(async () => {
  graph = await startTestGraph();
  botForBob = { authorization: `Bearer ${await signDelegatedBotToken(graph.gateway.config.auth, STORY.bob.id, 'chatbot-web')}` };
  for (const subgraph of Object.values(graph.subgraphs)) subgraph!.httpServer.on('request', () => (subgraphCalls += 1));
});
afterAll(() => graph?.stop());

const codes = (errors?: Array<{ extensions?: Record<string, any> }>) => (errors ?? []).map((e) => e.extensions?.code);
const ALICE_DATA = ['Alice', STORY.alice.email, '549.99'];

async function mcpTool(name: string, args: Record<string, unknown>, authorization: string) {
  const response = await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/mcp'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as any).result as { isError?: boolean; content: Array<{ text: string }> };
}

describe('a bot acting for Bob, through the gateway', () => {
  test("When it runs the customer overview for Bob, then it gets Bob's records, as Bob would", async () => {
    const { data, errors } = await graph.query(agentOperation('customer_overview'), { customerId: STORY.bob.id }, botForBob);
    expect(errors).toBeUndefined();
    expect(data.customer).toMatchObject({ id: STORY.bob.id, name: 'Bob Jones' });
  });

  test.each([
    ['the customer overview', 'customer_overview', { customerId: STORY.alice.id }],
    ['find_customer by her email', 'find_customer', { email: STORY.alice.email, has_email: true, has_phone: false, has_orderNumber: false, has_caseNumber: false }],
    ['find_customer by her order number', 'find_customer', { orderNumber: STORY.alice.order, has_email: false, has_phone: false, has_orderNumber: true, has_caseNumber: false }],
    ['order_status of her order', 'order_status', { orderNumber: STORY.alice.order }],
  ])('When it asks for Alice through %s, then it is refused and sees none of her data', async (_path, tool, variables) => {
    const { data, errors } = await graph.query(agentOperation(tool), variables, botForBob);
    expect(codes(errors).length).toBeGreaterThan(0);
    expect(codes(errors).every((c) => c === 'FORBIDDEN')).toBe(true);
    for (const secret of ALICE_DATA) expect(JSON.stringify(data ?? {})).not.toContain(secret);
  });

  test('When it sends anything but the curated operations (an alias, a fragment, _entities), then it is refused before any subgraph is called', async () => {
    const before = subgraphCalls;
    for (const query of [
      `{ mine: customer(id: "${STORY.bob.id}") { id } theirs: customer(id: "${STORY.alice.id}") { name } }`,
      `query { order(number: "${STORY.alice.order}") { ...O } } fragment O on Order { customer { email } }`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id } } }`,
    ]) {
      const { data, errors } = await graph.query(query, { r: [{ __typename: 'Customer', id: STORY.alice.id }] }, botForBob);
      expect(codes(errors)).toEqual(expect.arrayContaining([expect.stringMatching(/FORBIDDEN|GRAPHQL_VALIDATION_FAILED/)]));
      for (const secret of ALICE_DATA) expect(JSON.stringify(data ?? {})).not.toContain(secret);
    }
    expect(subgraphCalls).toBe(before);
  });

  test("When Bob reads his access log, then the bot's reads are there, naming Bob and the bot", async () => {
    await graph.query(agentOperation('customer_overview'), { customerId: STORY.bob.id }, botForBob);
    const bob = { authorization: `Bearer ${await graph.token('customer', STORY.bob.id)}` };
    const { data, errors } = await graph.query(`query MyLog { customer(id: "${STORY.bob.id}") { accessLog { actor role operation via } } }`, undefined, bob);
    expect(errors).toBeUndefined();
    expect(data.customer.accessLog).toContainEqual({ actor: STORY.bob.id, role: 'customer', operation: 'CustomerOverview', via: 'chatbot-web' });
  });
});

describe('a bot acting for Bob, through the agent tools (MCP at /mcp)', () => {
  test("When it calls find_customer with Alice's email, then it gets an error and none of her data; with Bob's, it finds Bob", async () => {
    const alice = await mcpTool('find_customer', { email: STORY.alice.email }, botForBob.authorization);
    expect(alice.isError).toBe(true);
    for (const secret of ALICE_DATA) expect(JSON.stringify(alice)).not.toContain(secret);
    const bob = await mcpTool('find_customer', { email: STORY.bob.email }, botForBob.authorization);
    expect(bob.isError).toBeFalsy();
    expect(JSON.parse(bob.content[0].text).customerByEmail.id).toBe(STORY.bob.id);
  });

  test("When it asks order_status for Bob's delivered order, then it answers as for Bob; for Alice's order, it is refused", async () => {
    const own = await mcpTool('order_status', { orderNumber: STORY.bob.deliveredOrder }, botForBob.authorization);
    expect(own.isError).toBeFalsy();
    const theirs = await mcpTool('order_status', { orderNumber: STORY.alice.order }, botForBob.authorization);
    expect(theirs.isError).toBe(true);
    expect(JSON.stringify(theirs)).not.toContain('549.99');
  });
});

describe('forged, expired or mismatched delegated tokens', () => {
  const secret = new TextEncoder().encode(DEMO_JWT_SECRET);
  const token = (claims: Record<string, unknown>, subject: string, exp: string | number = '5m') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(subject).setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setIssuedAt().setExpirationTime(exp).sign(secret);

  test.each([
    ['an agent acting through a bot (act on a staff role)', () => token({ role: 'agent', act: { sub: 'chatbot' } }, 'agent-ada')],
    ['a bot claiming to act for itself', () => token({ role: 'customer', act: { sub: STORY.bob.id } }, STORY.bob.id)],
    ['a chain of actors', () => token({ role: 'customer', act: { sub: 'chatbot', act: { sub: 'other' } } }, STORY.bob.id)],
    ['an actor without a name', () => token({ role: 'customer', act: {} }, STORY.bob.id)],
    ['expired', () => token({ role: 'customer', act: { sub: 'chatbot' } }, STORY.bob.id, Math.floor(Date.now() / 1000) - 3600)],
    ['forged (another secret)', () => new SignJWT({ role: 'customer', act: { sub: 'chatbot' } }).setProtectedHeader({ alg: 'HS256' }).setSubject(STORY.alice.id).setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setIssuedAt().setExpirationTime('5m').sign(new TextEncoder().encode('not-the-demo-secret-but-long-enough-0000'))],
  ])('When the token is %s, then the gateway answers 401 before any subgraph is called', async (_case, make) => {
    const before = subgraphCalls;
    const response = await graph.query(agentOperation('customer_overview'), { customerId: STORY.bob.id }, { authorization: `Bearer ${await make()}` });
    expect(response.status).toBe(401);
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
    expect(subgraphCalls).toBe(before);
  });
});
