import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-sse';
import { join } from 'node:path';
import type { SubgraphName } from '../common/subgraphs';
import type { Viewer } from '../common/identity';
import { STORY } from '../demo/stories';
import { identityHeaders } from './support/identity';
import { startTestGraph, type TestGraph } from './support/graph';
import { sseClient, wsClient } from './live/support/clients';
import { nextWithin } from './live/support/waiting';

/**
 * #18: a `bot` token that speaks for no customer (an anonymous visitor's chat) reads only what is
 * public: products and prices. Anything of a customer's answers CUSTOMER_SIGN_IN_REQUIRED (have the
 * customer sign in, then act for them), refused at the gateway before any subgraph is called, and
 * refused again by each subgraph on its own when one is asked directly with a plain bot's identity.
 */
const AGENT_OPERATIONS = join(__dirname, '..', 'schema', 'operations', 'agent');
const agentOperation = (tool: string) => readFileSync(join(AGENT_OPERATIONS, `${tool}.graphql`), 'utf8');
const BOT: Viewer = { role: 'bot', subject: 'chatbot', operation: 'Test' };

let graph: TestGraph;
let bot: Record<string, string>;
let subgraphCalls = 0;
beforeAll(async () => {
  graph = await startTestGraph();
  bot = { authorization: `Bearer ${await graph.token('bot')}` };
  for (const subgraph of Object.values(graph.subgraphs)) subgraph!.httpServer.on('request', () => (subgraphCalls += 1));
});
afterAll(() => graph?.stop());

const codes = (errors?: Array<{ extensions?: Record<string, any> }>) => (errors ?? []).map((e) => e.extensions?.code);
/** What must never reach a bot for no customer: Bob's, Alice's and Dana's names, emails, phones, order totals and case subjects. */
const CUSTOMER_DATA = ['Bob Jones', STORY.bob.email, STORY.bob.phone, 'Alice', STORY.alice.email, '549.99', 'Dana', STORY.dana.email];
const expectNoCustomerData = (value: unknown) => {
  for (const secret of CUSTOMER_DATA) expect(JSON.stringify(value ?? {})).not.toContain(secret);
};

async function mcpTool(name: string, args: Record<string, unknown>) {
  const response = await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/mcp'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...bot },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as any).result as { isError?: boolean; content: Array<{ text: string }> };
}

const ALL_OFF = { has_email: false, has_phone: false, has_orderNumber: false, has_caseNumber: false };

describe('a bot for no customer, through the agent operations at /graphql', () => {
  test.each([
    ['find_customer by email', 'find_customer', { ...ALL_OFF, email: STORY.bob.email, has_email: true }],
    ['find_customer by phone', 'find_customer', { ...ALL_OFF, phone: STORY.bob.phone, has_phone: true }],
    ['find_customer by a quoted order number', 'find_customer', { ...ALL_OFF, orderNumber: STORY.alice.order, has_orderNumber: true }],
    ['find_customer by a quoted incident number', 'find_customer', { ...ALL_OFF, caseNumber: STORY.dana.incident, has_caseNumber: true }],
    ['customer_overview', 'customer_overview', { customerId: STORY.bob.id }],
    ['order_status', 'order_status', { orderNumber: STORY.alice.order }],
    ['request_return', 'request_return', { orderNumber: STORY.alice.order, sku: STORY.alice.laptop, resolution: 'REFUND' }],
    ['cancel_order', 'cancel_order', { orderNumber: STORY.bob.placedOrder, reason: 'CUSTOMER_REQUEST' }],
  ])('When it runs %s, then it is told to have the customer sign in, before any subgraph is called, and gets no customer data', async (_what, tool, variables) => {
    const before = subgraphCalls;
    const { data, errors } = await graph.query(agentOperation(tool), variables, bot);
    expect(codes(errors)).toEqual(['CUSTOMER_SIGN_IN_REQUIRED']);
    expect(errors![0].message).toMatch(/Have the customer sign in/);
    expectNoCustomerData(data);
    expect(subgraphCalls).toBe(before);
  });

  test.each([
    ['open_support_case', { input: { customerId: STORY.bob.id, subject: 'x', channel: 'CHAT', summary: 'y' } }, 'openSupportCase'],
    ['add_case_note', { caseNumber: STORY.dana.incident, channel: 'CHAT', summary: 'y' }, 'addCaseInteraction'],
  ])('When it runs %s, which only agents may, then it is refused (FORBIDDEN) before any subgraph is called', async (tool, variables, field) => {
    const before = subgraphCalls;
    const { errors } = await graph.query(agentOperation(tool), variables, bot);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(errors![0].message).toBe(`The bot role may not use Mutation.${field}`);
    expect(subgraphCalls).toBe(before);
  });

  test('When it asks product_price, then it gets the price and promotion every channel quotes', async () => {
    const { data, errors } = await graph.query(agentOperation('product_price'), { sku: STORY.partyLights.sku, channel: 'CHAT' }, bot);
    expect(errors).toBeUndefined();
    expect(data.product.price).toMatchObject({ amount: { amount: STORY.partyLights.mailerPrice }, regularAmount: { amount: STORY.partyLights.shelfPrice }, promotion: 'Garden party mailer' });
  });

  test('When it sends its own document (aliases, a fragment, _entities), then it is refused before any subgraph is called', async () => {
    const before = subgraphCalls;
    for (const query of [
      `{ a: customer(email: "${STORY.bob.email}") { name } b: customer(id: "${STORY.alice.id}") { email } }`,
      `query { order(number: "${STORY.alice.order}") { ...O } } fragment O on Order { customer { email phone } }`,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { name } } }`,
      `{ product(sku: "${STORY.partyLights.sku}") { name } }`,
    ]) {
      const { data, errors } = await graph.query(query, { r: [{ __typename: 'Customer', id: STORY.bob.id }] }, bot);
      expect(codes(errors).length).toBeGreaterThan(0);
      expect(codes(errors).every((code) => code === 'FORBIDDEN' || code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
      expectNoCustomerData(data);
    }
    expect(subgraphCalls).toBe(before);
  });
});

describe('a bot for no customer, through the agent tools (MCP at /mcp)', () => {
  test.each([
    ['find_customer', { email: STORY.alice.email }],
    ['find_customer', { caseNumber: STORY.dana.incident }],
    ['customer_overview', { customerId: STORY.bob.id }],
    ['order_status', { orderNumber: STORY.erin.order }],
  ])('When it calls %s %j, then the tool error says to have the customer sign in and holds no customer data', async (name, args) => {
    const result = await mcpTool(name, args);
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/Have the customer sign in.*CUSTOMER_SIGN_IN_REQUIRED/);
    expectNoCustomerData(result);
  });

  test('When it calls product_price, then it answers the price', async () => {
    const result = await mcpTool('product_price', { sku: 'TENT-2P' });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(result.content[0].text).product).toMatchObject({ sku: 'TENT-2P', price: { channel: 'CHAT' } });
  });
});

describe('a subgraph asked directly with a gateway-signed identity for a bot with no customer (defence in depth)', () => {
  async function asBot(subgraph: SubgraphName, query: string, variables: Record<string, unknown> = {}) {
    const response = await fetch(graph.subgraphs[subgraph]!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await identityHeaders(BOT, subgraph)) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> };
  }
  const entities = (selection: string) => `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`;

  test.each([
    ['orders', 'a lookup by email', `{ customer(email: "${STORY.bob.email}") { name email phone } }`, {}],
    ['orders', 'aliases', `{ a: customer(id: "${STORY.bob.id}") { name } b: order(number: "${STORY.alice.order}") { total { amount } } }`, {}],
    ['orders', 'a fragment', `query { order(number: "${STORY.alice.order}") { ...O } } fragment O on Order { customer { email phone } }`, {}],
    ['orders', '_entities of a Customer and an Order', entities('... on Customer { name email } ... on Order { total { amount } }'), { r: [{ __typename: 'Customer', id: STORY.bob.id }, { __typename: 'Order', number: STORY.alice.order }] }],
    ['orders', 'a return (mutation)', `mutation { requestReturn(orderNumber: "${STORY.alice.order}", sku: "${STORY.alice.laptop}", resolution: REFUND) { id } }`, {}],
    ['orders', 'cancelling (mutation)', `mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`, {}],
    ['support', 'a quoted incident number', `{ supportCase(number: "${STORY.dana.incident}") { subject interactions { summary } } }`, {}],
    ['support', '_entities of a SupportCase and a Customer\'s cases', entities('... on SupportCase { subject } ... on Customer { supportCases { subject } }'), { r: [{ __typename: 'SupportCase', number: STORY.dana.incident }, { __typename: 'Customer', id: STORY.dana.id }] }],
    ['notifications', "_entities of a Customer's notifications", entities('... on Customer { notifications { subject body } }'), { r: [{ __typename: 'Customer', id: STORY.erin.id }] }],
  ])('When %s is asked for %s, then every customer record is refused with CUSTOMER_SIGN_IN_REQUIRED', async (subgraph, _what, query, variables) => {
    const { data, errors } = await asBot(subgraph as SubgraphName, query, variables);
    expect(errors?.length).toBeGreaterThan(0);
    expect(new Set(codes(errors))).toEqual(new Set(['CUSTOMER_SIGN_IN_REQUIRED']));
    expectNoCustomerData(data);
    for (const secret of ['Erin', STORY.erin.email, 'kayak']) expect(JSON.stringify(data ?? {}).toLowerCase()).not.toContain(secret.toLowerCase());
  });

  test("When a bot with no customer tries to cancel Bob's order at Orders directly, then the order is still PLACED (nothing was written)", async () => {
    const before = await graph.query(`{ order(number: "${STORY.bob.placedOrder}") { status } }`);
    await asBot('orders', `mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`);
    expect((await graph.query(`{ order(number: "${STORY.bob.placedOrder}") { status } }`)).data).toEqual(before.data);
    expect(before.data.order.status).toBe('PLACED');
  });

  test('When Pricing is asked for a product by a bot with no customer, then it answers: products and prices are public', async () => {
    const { data, errors } = await asBot('pricing', `{ product(sku: "${STORY.partyLights.sku}") { name price(channel: CHAT) { amount { amount } } } }`);
    expect(errors).toBeUndefined();
    expect(data.product.price.amount.amount).toBe(STORY.partyLights.mailerPrice);
  });
});

describe('a bot for no customer, watching live (subscriptions)', () => {
  test.each([['graphql-sse', sseClient], ['graphql-ws', wsClient]] as const)(
    'When it subscribes to an order through the gateway (%s), then it is refused before any subgraph is called',
    async (_transport, makeClient) => {
      const before = subgraphCalls;
      const client = makeClient(graph.gatewayUrl, bot.authorization.slice('Bearer '.length));
      const refused = await nextWithin(client.subscribe(`subscription { orderChanged(number: "${STORY.bob.placedOrder}") { order { status customer { email } } } }`), 5000, 'the refusal');
      await client.dispose();
      expect(codes(refused.errors as any)).toEqual(['FORBIDDEN']);
      expectNoCustomerData(refused.data);
      expect(subgraphCalls).toBe(before);
    },
  );

  test.each([
    ['orders', `subscription { orderChanged(number: "${STORY.bob.placedOrder}") { order { status } } }`],
    ['orders', `subscription { customerActivity(customerId: "${STORY.bob.id}") { kind } }`],
    ['support', `subscription { supportCaseChanged(number: "${STORY.dana.incident}") { supportCase { subject } } }`],
  ] as const)('When it subscribes at %s directly with a gateway-signed identity (%s), then the stream is refused with CUSTOMER_SIGN_IN_REQUIRED', async (subgraph, query) => {
    const url = graph.subgraphs[subgraph]!.url.replace(/\/graphql$/, '/graphql/stream');
    const client = createClient({ url, headers: await identityHeaders(BOT, subgraph), retryAttempts: 0 });
    const refused = await nextWithin(client.iterate({ query }), 5000, 'the refusal');
    client.dispose();
    expect(codes(refused.errors as any)).toEqual(['CUSTOMER_SIGN_IN_REQUIRED']);
    expect(graph.subgraphs[subgraph]!.live.listenerCount).toBe(0);
  });
});
