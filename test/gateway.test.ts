import { STORY } from '../demo/stories';
import { signDelegatedBotToken } from '../gateway/auth/demoTokens';
import { startTestGraph, type TestGraph } from './support/graph';

let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

describe('customer lookup arguments', () => {
  test.each([
    ['no argument', '{ customer { id } }', 'id'],
    ['two arguments', `{ customer(id: "${STORY.bob.id}", email: "${STORY.bob.email}") { id } }`, 'email'],
    ['a malformed email', '{ customer(email: "bob.jones-at-email") { id } }', 'email'],
    ['a malformed phone', '{ customer(phone: "call me") { id } }', 'phone'],
  ])('When customer is asked with %s, then a BAD_USER_INPUT error names the argument', async (_case, query, argumentName) => {
    const { data, errors } = await graph.query(query);
    expect(data?.customer ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
    expect(errors?.[0].message).toContain(argumentName);
  });

  test('When unknown numbers are asked for, then the answer is null without an error', async () => {
    const { data, errors } = await graph.query(
      `{ customer(email: "nobody@email.com") { id } order(number: "000000000") { number } supportCase(number: "CS-999999") { number } product(sku: "NO-SUCH-SKU") { sku } notification(id: "NTF-9999999") { id } }`,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ customer: null, order: null, supportCase: null, product: null, notification: null });
  });
});

describe('mutations the rules forbid', () => {
  async function orderState(number: string) {
    const { data } = await graph.query(`{ order(number: "${number}") { status returns { id } notifications { id } } }`);
    return data.order;
  }

  test.each([
    ['cancelling a delivered order', `mutation { cancelOrder(number: "${STORY.alice.order}", reason: CUSTOMER_REQUEST) { status } }`, STORY.alice.order, 'NOT_ALLOWED', 'ORDER_NOT_CANCELLABLE'],
    ['a return for a SKU not on the order', `mutation { requestReturn(orderNumber: "${STORY.alice.order}", sku: "SMART-TV-55", resolution: REFUND) { id } }`, STORY.alice.order, 'NOT_ALLOWED', 'SKU_NOT_ON_ORDER'],
    ['a return on an order not delivered', `mutation { requestReturn(orderNumber: "${STORY.bob.placedOrder}", sku: "WIRELESS-MOUSE", resolution: REFUND) { id } }`, STORY.bob.placedOrder, 'NOT_ALLOWED', 'ORDER_NOT_DELIVERED'],
  ])('When a client tries %s, then it gets a coded error and nothing is written', async (_case, mutation, number, code, reason) => {
    const before = await orderState(number);
    const outboxBefore = await outboxSize();
    const { data, errors } = await graph.query(mutation);
    expect(data).toBeNull();
    expect(errors?.[0].extensions).toMatchObject({ code, reason });
    await graph.settle();
    expect(await orderState(number)).toEqual(before);
    expect(await outboxSize()).toBe(outboxBefore);
  });

  test('When a return is past its warranty, then it is refused with WARRANTY_EXPIRED', async () => {
    const orders = graph.subgraphs.orders!;
    const [line] = await orders.db.query<{ order_number: string; sku: string }>(
      `SELECT l.order_number, l.sku FROM order_lines l JOIN orders o ON o.number = l.order_number
       WHERE o.status = 'DELIVERED' AND l.warranty_expires_on < current_date LIMIT 1`,
    );
    expect(line).toBeDefined();
    const { errors } = await graph.query(
      `mutation { requestReturn(orderNumber: "${line.order_number}", sku: "${line.sku}", resolution: REFUND) { id } }`,
    );
    expect(errors?.[0].extensions).toMatchObject({ code: 'NOT_ALLOWED', reason: 'WARRANTY_EXPIRED' });
  });

  async function outboxSize(): Promise<number> {
    const [row] = await graph.subgraphs.orders!.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    return row.n;
  }
});

describe('request ids', () => {
  test('When a caller sends x-request-id, then the gateway forwards it to subgraphs and echoes it back', async () => {
    const seen: string[] = [];
    const orders = graph.subgraphs.orders!;
    const listener = (req: { headers: Record<string, unknown> }) => seen.push(String(req.headers['x-request-id']));
    orders.httpServer.on('request', listener);
    try {
      const response = await graph.query(`{ order(number: "${STORY.alice.order}") { number } }`, undefined, { 'x-request-id': 'till-42-abc' });
      expect(response.headers.get('x-request-id')).toBe('till-42-abc');
      expect(seen).toContain('till-42-abc');
      const fresh = await graph.query(`{ order(number: "${STORY.alice.order}") { number } }`);
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      orders.httpServer.off('request', listener);
    }
  });
});

describe('malformed requests', () => {
  test('When the body is not JSON, then the gateway answers 400 with a code', async () => {
    const response = await fetch(graph.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  test('When the body is larger than the limit, then the gateway answers 413 before reading it all', async () => {
    const response = await fetch(graph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(2_000_000) }),
    });
    expect(response.status).toBe(413);
  });
});

describe('agent tools on the gateway', () => {
  async function callTool(name: string, args: Record<string, unknown>, authorization?: string) {
    const response = await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/mcp'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as any).result;
  }

  test("When a bot acting for Erin calls order_status at /mcp with its token, then it gets the same cancellation the agent screen shows", async () => {
    const result = await callTool('order_status', { orderNumber: STORY.erin.order }, `Bearer ${await signDelegatedBotToken(graph.gateway.config.auth, STORY.erin.id)}`);
    expect(result.isError).toBeFalsy();
    const facts = JSON.parse(result.content[0].text);
    const screen = await graph.query(`{ order(number: "${STORY.erin.order}") { status cancellation { reason message } } }`);
    expect(facts.order.status).toBe(screen.data.order.status);
    expect(facts.order.cancellation).toMatchObject(screen.data.order.cancellation);
  });

  test('When a bot acting for no customer calls order_status at /mcp, then the tool error says to have the customer sign in', async () => {
    const result = await callTool('order_status', { orderNumber: STORY.erin.order }, `Bearer ${await graph.token('bot')}`);
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/CUSTOMER_SIGN_IN_REQUIRED/);
  });

  test('When a tool is called at /mcp without a credential, then /mcp refuses it (401, the way to a token in WWW-Authenticate) before any tool runs', async () => {
    const response = await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/mcp'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'order_status', arguments: { orderNumber: STORY.erin.order } } }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="http:\/\/.+\/\.well-known\/oauth-protected-resource"$/);
    expect(await response.text()).not.toContain(STORY.erin.order);
  });
});
