import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { STORY } from '../../demo/stories';
import { signDelegatedBotToken } from '../../gateway/auth/demoTokens';
import { startTestGraph, type TestGraph } from '../../test/support/graph';
import { loadAgentTools } from '../agentTools';
import { loadApiSchema } from '../apiSchema';
import { graphCaller } from '../graphCall';
import { createMcpRoute } from '../httpRoute';
import { createToolServer } from '../toolServer';
import { callTool, connect, connectInMemory, serve, type Served } from './support';

/**
 * The tools against the whole graph in-process, through the SDK's own client. For each seed story the
 * tool's answer is compared with what the agent console, the shop and the till get through /graphql
 * with their own catalogued operations: a chatbot must say what the agent's screen says.
 * The chatbot calls (in memory) as a bot acting for the story's customer (the customer as subject,
 * the bot as actor); a bot acting for no customer reads only products and prices; a support agent's
 * assistant calls with the agent's own token over /mcp: each gets exactly what its credential allows.
 */
const OPERATIONS = join(__dirname, '..', '..', 'schema', 'operations');
const frontEnd = (file: string) => readFileSync(join(OPERATIONS, file), 'utf8');

let graph: TestGraph;
/** The chatbot for a visitor who has not signed in: a `bot` token naming no customer. */
let client: Client;
let agentClient: Client;
let route: Served;
let tools: ReturnType<typeof loadAgentTools>;
const chatbots = new Map<string, Client>();
beforeAll(async () => {
  graph = await startTestGraph();
  tools = loadAgentTools(loadApiSchema());
  const bot = { authorization: `Bearer ${await graph.token('bot')}` };
  client = await connectInMemory(createToolServer(tools, graphCaller({ url: graph.gatewayUrl, headers: bot })));
  route = await serve(createMcpRoute({ graphUrl: graph.gatewayUrl }));
  const agent = { authorization: `Bearer ${await graph.token('agent')}` };
  agentClient = await connect(new StreamableHTTPClientTransport(new URL(`${route.url}/mcp`), { requestInit: { headers: agent } }));
}, 120_000);
afterAll(async () => {
  for (const chatbot of chatbots.values()) await chatbot.close();
  await client?.close();
  await agentClient?.close();
  await route?.close();
  await graph?.stop();
});

/** The chatbot speaking for one signed-in customer: their token exchanged for one naming the bot as actor. */
async function chatbotFor(customerId: string): Promise<Client> {
  if (!chatbots.has(customerId)) {
    const delegated = { authorization: `Bearer ${await signDelegatedBotToken(graph.gateway.config.auth, customerId, 'chatbot')}` };
    chatbots.set(customerId, await connectInMemory(createToolServer(tools, graphCaller({ url: graph.gatewayUrl, headers: delegated }))));
  }
  return chatbots.get(customerId)!;
}

async function tool(name: string, args: Record<string, unknown>, caller: Client) {
  const result = await callTool(caller, name, args);
  if (result.isError) throw new Error(`${name} failed: ${result.text}`);
  return result.json;
}

async function screen(file: string, variables: Record<string, unknown>) {
  const { data, errors } = await graph.query(frontEnd(file), variables);
  expect(errors).toBeUndefined();
  return data;
}

describe('the tool list', () => {
  test('When a client lists the tools, then it gets every agent tool with its input schema and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      'add_case_note', 'cancel_order', 'customer_overview', 'find_customer', 'open_support_case', 'order_status', 'product_price', 'request_return',
    ]);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.find_customer.inputSchema).toMatchObject({
      type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
      properties: { email: { type: 'string' }, phone: { type: 'string' }, orderNumber: { type: 'string' }, caseNumber: { type: 'string' } },
    });
    expect(byName.find_customer.description).toMatch(/^Finds the customer from whatever they quote/);
    expect(byName.product_price.inputSchema).toMatchObject({
      required: ['sku'],
      properties: { channel: { type: 'string', enum: ['WEB', 'STORE', 'PHONE', 'EMAIL', 'CHAT', 'MAILER'], default: 'CHAT', description: expect.stringContaining('MAILER: A printed or emailed advertising mailer.') } },
    });
    expect(byName.open_support_case.inputSchema).toMatchObject({
      required: ['input'],
      properties: { input: { type: 'object', required: ['customerId', 'subject', 'channel', 'summary'], properties: { orderNumber: { type: 'string', description: "The order the case is about, if any; it must be the customer's." } } } },
    });
    expect(byName.request_return.inputSchema).toMatchObject({ required: ['orderNumber', 'sku', 'resolution'], properties: { resolution: { enum: ['REPLACEMENT', 'REFUND'] } } });
    for (const name of ['customer_overview', 'find_customer', 'order_status', 'product_price']) {
      expect(byName[name].annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    }
    for (const name of ['add_case_note', 'cancel_order', 'open_support_case', 'request_return']) {
      expect(byName[name].annotations).toMatchObject({ readOnlyHint: false });
    }
  });
});

describe('Story 1: Bob quotes his order number and email', () => {
  test('When Bob, signed in, quotes his email, his phone or an order number, then find_customer finds the customer the till and the agent console find', async () => {
    const forBob = await chatbotFor(STORY.bob.id);
    const byEmail = await tool('find_customer', { email: 'BOB.JONES@email.com' }, forBob);
    const byPhone = await tool('find_customer', { phone: '(555) 010-0200' }, forBob);
    const byOrder = await tool('find_customer', { orderNumber: STORY.bob.deliveredOrder }, forBob);
    const till = await screen('till/customerByPhone.graphql', { phone: '(555) 010-0200' });
    const lookup = await screen('agent-console/orderLookup.graphql', { number: STORY.bob.deliveredOrder });
    expect(byEmail.customerByEmail.id).toBe(STORY.bob.id);
    expect(byPhone.customerByPhone.id).toBe(till.customer.id);
    expect(byOrder.order.customer.id).toBe(lookup.order.customer.id);
    expect(byOrder.order.customer).toEqual({ id: STORY.bob.id, name: 'Bob Jones', email: STORY.bob.email, phone: STORY.bob.phone });
  });

  test("When the chatbot reads Bob's overview, then his orders and their status are the agent console's", async () => {
    const overview = await tool('customer_overview', { customerId: STORY.bob.id }, await chatbotFor(STORY.bob.id));
    const agentScreen = await screen('agent-console/customerOverview.graphql', { email: STORY.bob.email });
    const orders = (list: Array<{ number: string; status: string }>) => list.map(({ number, status }) => ({ number, status }));
    expect(orders(overview.customer.orders)).toEqual(orders(agentScreen.customer.orders));
    expect(orders(overview.customer.orders).map((o) => o.number).sort()).toEqual([STORY.bob.deliveredOrder, STORY.bob.placedOrder].sort());
  });
});

describe('Story 2: a year of failed repairs on one linked history', () => {
  test("When Chris quotes his case number, then the tool shows the case's whole history exactly as the agent console does", async () => {
    const forChris = await chatbotFor(STORY.chris.id);
    const found = await tool('find_customer', { caseNumber: STORY.chris.case.toLowerCase() }, forChris);
    const overview = await tool('customer_overview', { customerId: found.supportCase.customer.id }, forChris);
    const agentScreen = await screen('agent-console/supportCase.graphql', { number: STORY.chris.case });
    const chrisCase = overview.customer.supportCases.find((c: { number: string }) => c.number === STORY.chris.case);
    expect(found.supportCase.customer.id).toBe(STORY.chris.id);
    expect(chrisCase).toMatchObject({ status: agentScreen.supportCase.status, subject: agentScreen.supportCase.subject, order: { number: STORY.chris.order } });
    expect(chrisCase.interactions).toEqual(agentScreen.supportCase.interactions);
    expect(chrisCase.interactions.length).toBeGreaterThanOrEqual(8);
  });
});

describe('Story 3: the incident number and the price match', () => {
  test('When Dana quotes the incident number from the email, then the tool finds the case and Dana as the agent console does', async () => {
    const found = await tool('find_customer', { caseNumber: STORY.dana.incident.toLowerCase() }, await chatbotFor(STORY.dana.id));
    const agentScreen = await screen('agent-console/supportCase.graphql', { number: STORY.dana.incident.toLowerCase() });
    expect(found.supportCase).toMatchObject({ number: STORY.dana.incident, status: agentScreen.supportCase.status });
    expect(found.supportCase.customer).toEqual({ id: agentScreen.supportCase.customer.id, name: 'Dana Lee', email: agentScreen.supportCase.customer.email });
  });

  test.each(['CHAT', 'STORE', 'WEB', 'MAILER'])('When a customer asks for PARTY-LIGHTS-20 in %s, then the tool quotes, to a visitor not signed in, the mailer price and promotion the till and the shop quote', async (channel) => {
    const quoted = await tool('product_price', { sku: STORY.partyLights.sku, channel }, client);
    const till = await screen('till/productPrice.graphql', { sku: STORY.partyLights.sku });
    const shop = await screen('shop/productPage.graphql', { sku: STORY.partyLights.sku });
    expect(quoted.product.price).toEqual({
      channel,
      amount: { amount: STORY.partyLights.mailerPrice, currency: 'USD' },
      regularAmount: { amount: STORY.partyLights.shelfPrice, currency: 'USD' },
      promotion: 'Garden party mailer',
    });
    for (const other of [till.product.price, shop.product.price]) {
      expect({ amount: quoted.product.price.amount, regularAmount: quoted.product.price.regularAmount, promotion: quoted.product.price.promotion })
        .toEqual({ amount: other.amount, regularAmount: other.regularAmount, promotion: other.promotion });
    }
  });
});

describe('Story 4: the silent cancellation', () => {
  test('When Erin asks why her order was cancelled, then the tool gives the reason and message the shop shows and the words she was sent', async () => {
    const status = await tool('order_status', { orderNumber: STORY.erin.order }, await chatbotFor(STORY.erin.id));
    const shop = await screen('shop/orderPage.graphql', { number: STORY.erin.order });
    const messages = await screen('shop/messages.graphql', { customerId: STORY.erin.id });
    expect(status.order.status).toBe(shop.order.status);
    expect(status.order.status).toBe('CANCELLED');
    expect(status.order.cancellation).toEqual(shop.order.cancellation);
    expect(status.order.cancellation.reason).toBe('PAYMENT_VERIFICATION_FAILED');
    const toldByTool = status.order.notifications.filter((n: { topic: string }) => n.topic === 'ORDER_CANCELLED').map((n: { body: string }) => n.body);
    const toldInShop = messages.customer.notifications
      .filter((n: { topic: string; order?: { number: string } }) => n.topic === 'ORDER_CANCELLED' && n.order?.number === STORY.erin.order)
      .map((n: { body: string }) => n.body);
    expect(toldByTool).toEqual(toldInShop);
    expect(toldByTool).toHaveLength(1);
    expect(toldByTool[0]).toContain(status.order.cancellation.message);
  });

  test("When the chatbot is asked by Alice about her laptop warranty, then it gives the cover the shop's order page gives", async () => {
    const status = await tool('order_status', { orderNumber: STORY.alice.order }, await chatbotFor(STORY.alice.id));
    const shop = await screen('shop/orderPage.graphql', { number: STORY.alice.order });
    expect(status.order.lines.map((l: any) => ({ sku: l.product.sku, warranty: l.warranty }))).toEqual(
      shop.order.lines.map((l: any) => ({ sku: l.product.sku, warranty: l.warranty })),
    );
    expect(status.order.lines[0].warranty).toEqual({ active: expect.any(Boolean), expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });
});

describe('Story 5: the automated system and the agent agree', () => {
  test("When the chatbot, speaking for no customer, tries to cancel Bob's order, then the graph tells it to have the customer sign in and the order stays placed", async () => {
    const refused = await callTool(client, 'cancel_order', { orderNumber: STORY.bob.placedOrder, reason: 'OUT_OF_STOCK' });
    expect(refused).toEqual({ isError: true, text: expect.stringMatching(/^cancel_order failed\. .*Mutation\.cancelOrder is a customer's data.*Have the customer sign in.*\(CUSTOMER_SIGN_IN_REQUIRED/) });
    expect((await tool('order_status', { orderNumber: STORY.bob.placedOrder }, await chatbotFor(STORY.bob.id))).order.status).toBe('PLACED');
  });

  test("When an agent's assistant cancels Bob's placed order, then every screen shows the same cancellation and he is told once, in the same words", async () => {
    const cancelled = await tool('cancel_order', { orderNumber: STORY.bob.placedOrder, reason: 'OUT_OF_STOCK' }, agentClient);
    const agentScreen = await screen('agent-console/orderLookup.graphql', { number: STORY.bob.placedOrder });
    const till = await screen('till/customerByPhone.graphql', { phone: STORY.bob.phone });
    expect(cancelled.cancelOrder).toEqual({ number: STORY.bob.placedOrder, status: 'CANCELLED', cancellation: agentScreen.order.cancellation });
    expect(till.customer.orders.find((o: { number: string }) => o.number === STORY.bob.placedOrder).status).toBe('CANCELLED');

    await graph.settle();
    const status = await tool('order_status', { orderNumber: STORY.bob.placedOrder }, await chatbotFor(STORY.bob.id));
    const messages = await screen('shop/messages.graphql', { customerId: STORY.bob.id });
    const told = status.order.notifications.filter((n: { topic: string }) => n.topic === 'ORDER_CANCELLED');
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(cancelled.cancelOrder.cancellation.message);
    expect(messages.customer.notifications.filter((n: any) => n.topic === 'ORDER_CANCELLED').map((n: any) => n.body)).toEqual([told[0].body]);

    const again = await callTool(agentClient, 'cancel_order', { orderNumber: STORY.bob.placedOrder, reason: 'OUT_OF_STOCK' });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/^cancel_order failed\. The graph refused or failed part of the call: .*\(NOT_ALLOWED/);
  });

  test('When the chatbot requests Alice\'s replacement for her, then the shop shows the same return and her notification quotes its tracking number', async () => {
    const forAlice = await chatbotFor(STORY.alice.id);
    const requested = await tool('request_return', { orderNumber: STORY.alice.order, sku: STORY.alice.laptop, resolution: 'REPLACEMENT' }, forAlice);
    const shop = await screen('shop/orderPage.graphql', { number: STORY.alice.order });
    expect(requested.requestReturn).toMatchObject({ status: 'REQUESTED', resolution: 'REPLACEMENT', product: { sku: STORY.alice.laptop } });
    expect(shop.order.returns).toEqual([expect.objectContaining({ id: requested.requestReturn.id, trackingNumber: requested.requestReturn.trackingNumber, shippingLabelUrl: requested.requestReturn.shippingLabelUrl })]);

    await graph.settle();
    const status = await tool('order_status', { orderNumber: STORY.alice.order }, forAlice);
    const notice = status.order.notifications.find((n: { topic: string }) => n.topic === 'RETURN_REQUESTED');
    expect(notice.body).toContain(requested.requestReturn.trackingNumber);
    expect(status.order.returns).toEqual([expect.objectContaining({ trackingNumber: requested.requestReturn.trackingNumber, status: 'REQUESTED' })]);
  });

  test('When a price changes, then the chatbot quotes the new price on the next call, as the till does', async () => {
    const service = { authorization: `Bearer ${await graph.token('service')}` };
    const change = await graph.query(`mutation { setProductPrice(sku: "TENT-2P", amount: "175.00") { sku } }`, {}, service);
    expect(change.errors).toBeUndefined();
    const quoted = await tool('product_price', { sku: 'TENT-2P' }, client);
    const till = await screen('till/productPrice.graphql', { sku: 'TENT-2P' });
    expect(quoted.product.price).toMatchObject({ channel: 'CHAT', amount: { amount: '175.00', currency: 'USD' } });
    expect(quoted.product.price.amount).toEqual(till.product.price.amount);
  });
});

describe('changing tools with good and bad arguments', () => {
  const aliceCase = { customerId: STORY.alice.id, orderNumber: STORY.alice.order, subject: 'Laptop fan is loud', channel: 'CHAT', summary: 'Customer says the fan is loud since Monday.' };

  test("When an agent's assistant opens a case for Alice and adds a note, then the agent console shows the case with both interactions", async () => {
    const opened = await tool('open_support_case', { input: aliceCase }, agentClient);
    const noted = await tool('add_case_note', { caseNumber: opened.openSupportCase.number, channel: 'CHAT', summary: 'Asked the customer for a video of the noise.' }, agentClient);
    const agentScreen = await screen('agent-console/supportCase.graphql', { number: opened.openSupportCase.number });
    expect(opened.openSupportCase).toMatchObject({ status: 'OPEN', channel: 'CHAT', customer: { id: STORY.alice.id }, order: { number: STORY.alice.order } });
    expect(noted.addCaseInteraction.interactions).toEqual(agentScreen.supportCase.interactions);
    expect(agentScreen.supportCase.interactions.map((i: { summary: string }) => i.summary)).toEqual([
      'Customer says the fan is loud since Monday.',
      'Asked the customer for a video of the noise.',
    ]);
  });

  test('When the chatbot, speaking for Alice, tries to open a case or add a note, then it is refused: cases are opened by agents', async () => {
    const forAlice = await chatbotFor(STORY.alice.id);
    const opened = await callTool(forAlice, 'open_support_case', { input: aliceCase });
    const noted = await callTool(forAlice, 'add_case_note', { caseNumber: STORY.chris.case, channel: 'CHAT', summary: 'x' });
    expect(opened.text).toMatch(/The customer role may not use Mutation\.openSupportCase \(FORBIDDEN/);
    expect(noted.text).toMatch(/The customer role may not use Mutation\.addCaseInteraction \(FORBIDDEN/);
  });

  test.each([
    ['open_support_case', 'agent', { input: { customerId: 'CUS-999999', subject: 'x', channel: 'CHAT', summary: 'y' } }, /Customer CUS-999999 does not exist \(NOT_FOUND, argument input\.customerId/],
    ['add_case_note', 'agent', { caseNumber: 'CS-000000', channel: 'CHAT', summary: 'y' }, /Support case CS-000000 does not exist \(NOT_FOUND, argument caseNumber/],
    ['request_return', 'Erin', { orderNumber: STORY.erin.order, sku: 'GIFT-HAMPER', resolution: 'REFUND' }, /only delivered orders can be returned\. \(NOT_ALLOWED, reason ORDER_NOT_DELIVERED/],
    ['find_customer', 'Erin', { email: 'not-an-email' }, /is not a valid email address \(BAD_USER_INPUT, argument email/],
  ])('When %s (for %s) is refused by the graph for %j, then the tool error quotes the graph\'s message', async (name, caller, args, message) => {
    const result = await callTool(caller === 'agent' ? agentClient : await chatbotFor(STORY.erin.id), name, args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(message);
  });

  test("When an agent's tool asks for something unknown, then the root field stays as null: nothing was found", async () => {
    expect(await tool('order_status', { orderNumber: '000000000' }, agentClient)).toEqual({ order: null });
    expect(await tool('find_customer', { email: 'nobody@email.com' }, agentClient)).toEqual({ customerByEmail: null });
  });

  test("When the chatbot speaking for Bob quotes an order or incident number that is not his, or none that exists, then it is refused alike and sees nothing", async () => {
    const forBob = await chatbotFor(STORY.bob.id);
    for (const [name, args] of [
      ['order_status', { orderNumber: '000000000' }],
      ['order_status', { orderNumber: STORY.alice.order }],
      ['find_customer', { caseNumber: STORY.dana.incident }],
      ['find_customer', { caseNumber: 'CS-000000' }],
    ] as const) {
      const result = await callTool(forBob, name, args);
      expect([name, result.isError, result.text]).toEqual([name, true, expect.stringMatching(/A customer may read only their own records \(\w+\) \(FORBIDDEN/)]);
      for (const secret of ['Alice', 'Dana', STORY.dana.email, '549.99']) expect(result.text).not.toContain(secret);
    }
  });
});

describe('Streamable HTTP through the real gateway', () => {
  test('When a hosted agent calls order_status over /mcp, then it gets the answer the in-memory chatbot speaking for Erin gets', async () => {
    const overHttp = await tool('order_status', { orderNumber: STORY.erin.order }, agentClient);
    expect(overHttp).toEqual(await tool('order_status', { orderNumber: STORY.erin.order }, await chatbotFor(STORY.erin.id)));
  });

  test('When a caller without a token calls a tool over /mcp, then the tool error is the graph\'s own refusal', async () => {
    const anonymous = await connect(new StreamableHTTPClientTransport(new URL(`${route.url}/mcp`)));
    const result = await callTool(anonymous, 'order_status', { orderNumber: STORY.erin.order });
    await anonymous.close();
    expect(result).toEqual({ isError: true, text: expect.stringMatching(/Sign in to use Query\.order \(UNAUTHENTICATED/) });
  });
});
