import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startGateway, type RunningGateway } from '../../gateway/createGateway';
import { createLogger } from '../../common/logger';
import { buildDemoWorld } from '../../demo/world';
import { signDelegatedBotToken } from '../../gateway/auth/demoTokens';
import type { Role } from '../../common/identity';
import { projectPath } from '../../common/paths';
import { startTestGraph, type TestGraph } from '../support/graph';

/**
 * Every operation of the catalogue (schema/operations) against the demo world, through the engine
 * (the graph's own gateway), through the engine planning with Hive's planner, and through a stock
 * @apollo/gateway on the same subgraphs: the JSON
 * bodies must be identical (subscriptions excepted). Mutations are sent for records that do not exist, so both gateways see
 * the same state and answer the same refusal.
 */
const world = buildDemoWorld({ customers: 40 });
const customer = world.customers.find((c) => c.phone && world.orders.some((o) => o.customerId === c.id) && world.supportCases.some((s) => s.customerId === c.id) && world.notifications.some((n) => n.customerId === c.id))!;
const order = world.orders.find((o) => o.customerId === customer.id)!;
const supportCase = world.supportCases.find((s) => s.customerId === customer.id)!;
const skus = world.products.slice(0, 12).map((p) => p.sku);

const VARIABLES: Record<string, Record<string, unknown>> = {
  AgentAddCaseInteraction: { caseNumber: 'CS-000000', channel: 'PHONE', summary: 'called back' },
  AgentCancelOrder: { number: '000000000', reason: 'CUSTOMER_REQUEST' },
  AgentCustomerOverview: { email: customer.email },
  AgentOpenSupportCase: { input: { customerId: 'CUS-999999', subject: 'Broken', channel: 'PHONE' } },
  AgentOrderLookup: { number: order.number },
  AgentRequestReturn: { orderNumber: '000000000', sku: skus[0], resolution: 'REFUND' },
  AgentSupportCase: { number: supportCase.number },
  AddCaseNote: { caseNumber: 'CS-000000', channel: 'CHAT', summary: 'note' },
  CancelOrder: { orderNumber: '000000000', reason: 'CUSTOMER_REQUEST' },
  CustomerOverview: { customerId: customer.id },
  FindCustomer: { email: customer.email, orderNumber: order.number, has_email: true, has_phone: false, has_orderNumber: true, has_caseNumber: false },
  OpenSupportCase: { input: { customerId: 'CUS-999999', subject: 'Broken', channel: 'CHAT' } },
  OrderStatus: { orderNumber: order.number },
  ProductPrice: { sku: skus[1] },
  RequestReturn: { orderNumber: '000000000', sku: skus[0], resolution: 'REFUND' },
  ShopAccountOrders: { customerId: customer.id },
  ShopCancelOrder: { number: '000000000', reason: 'CUSTOMER_REQUEST' },
  ShopMessages: { customerId: customer.id },
  ShopOrderPage: { number: order.number },
  ShopProductPage: { sku: skus[2] },
  ShopRequestReturn: { orderNumber: '000000000', sku: skus[0], resolution: 'REFUND' },
  TillBasketPrices: { skus },
  TillCustomerByPhone: { phone: customer.phone },
  TillProductPrice: { sku: skus[3] },
  AgentCustomerView: { id: customer.id },
  AgentFind: { text: customer.email, id: order.number, byEmail: true, byPhone: false, byOrder: true, byCase: false, bySku: false },
  AgentProducts: { skus },
  ShopAccount: { customerId: customer.id },
  ShopProducts: { skus },
  TillRequestReturn: { orderNumber: '000000000', sku: skus[0], resolution: 'REFUND' },
};
/** For an operation not listed above, values by variable name (Boolean variables false). */
const BY_NAME: Record<string, unknown> = {
  email: customer.email, customerId: customer.id, id: customer.id, number: order.number, orderNumber: order.number,
  caseNumber: supportCase.number, sku: skus[0], skus, phone: customer.phone, text: customer.email, channel: 'PHONE',
};
function variablesOf(name: string, query: string): Record<string, unknown> {
  if (VARIABLES[name]) return VARIABLES[name];
  const definitions = [...query.matchAll(/\$(\w+)\s*:\s*([\w[\]!]+)/g)];
  return Object.fromEntries(definitions.map(([, variable, type]) => [variable, type.startsWith('Boolean') ? false : BY_NAME[variable]]));
}
const requiredVariables = (query: string) => [...query.matchAll(/\$(\w+)\s*:\s*[\w[\]]+!(?!\s*=)/g)].map((m) => m[1]);

// The agent tools run as a bot acting for the customer (a bot for no customer reads only prices).
const ROLE_OF_FOLDER: Record<string, Role | 'bot for the customer'> = { agent: 'bot for the customer', 'agent-console': 'agent', shop: 'customer', till: 'store' };
const roleOf = (folder: string) => ROLE_OF_FOLDER[folder] ?? 'agent';

const DIR = projectPath('schema', 'operations');
const OPERATIONS = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(DIR, d.name)).filter((f) => f.endsWith('.graphql')).map((f) => ({ folder: d.name, file: f, query: readFileSync(join(DIR, d.name, f), 'utf8') })))
  // Subscriptions are not answered over POST by either executor: the live graph's tests cover them.
  .filter((o) => !/^\s*subscription\b/m.test(o.query))
  .map((o) => ({ ...o, name: /\b(?:query|mutation)\s+(\w+)/.exec(o.query)![1] }));

describe('the engine against stock @apollo/gateway on the operation catalogue', () => {
  let graph: TestGraph;
  let stock: RunningGateway;
  let hive: RunningGateway;
  beforeAll(async () => {
    graph = await startTestGraph({ world });
    stock = await startGateway({ ...graph.gateway.config, port: 0, engine: 'stock', metrics: false }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
    hive = await startGateway({ ...graph.gateway.config, port: 0, planner: 'hive', metrics: false }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
  });
  afterAll(async () => {
    await hive?.stop();
    await stock?.stop();
    await graph?.stop();
  });

  test('When the catalogue is listed, then every operation gets a value for each of its required variables', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(25);
    for (const o of OPERATIONS) {
      const given = variablesOf(o.name, o.query);
      expect([o.name, requiredVariables(o.query).filter((v) => given[v] === undefined)]).toEqual([o.name, []]);
    }
  });

  test('When a client that accepts multipart defers notifications of an overview through the real gateway, then the parts add up to the whole answer', async () => {
    const authorization = `Bearer ${await graph.token('agent')}`;
    const query = (deferred: boolean) =>
      `query($email: String!) { customer(email: $email) { name orders { number status } ...${deferred ? ' @defer(label: "told")' : ''} { notifications { topic subject } } } }`;
    const send = (deferred: boolean, accept: string) =>
      fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization, accept },
        body: JSON.stringify({ query: query(deferred), variables: { email: customer.email } }),
      });
    const response = await send(true, 'multipart/mixed;deferSpec=20220824,application/json');
    expect(response.headers.get('content-type')).toBe('multipart/mixed; boundary="-"; deferSpec=20220824');
    const text = await response.text();
    const parts = text.split('\r\n---').slice(1, -1).map((part) => JSON.parse(part.slice(part.indexOf('\r\n\r\n') + 4)));
    expect(parts).toHaveLength(2);
    expect(parts[0].hasNext).toBe(true);
    expect(parts[0].data.customer.notifications).toBeUndefined();
    expect(parts[1]).toEqual({ incremental: [{ data: { notifications: expect.any(Array) }, path: ['customer'], label: 'told' }], hasNext: false });
    const whole = (await (await send(false, 'application/json')).json()) as { data: { customer: Record<string, unknown> } };
    expect(whole.data.customer.notifications).not.toHaveLength(0);
    expect({ ...parts[0].data.customer, ...parts[1].incremental[0].data }).toEqual(whole.data.customer);
    // The same deferred document, for a client without multipart: one answer, the whole of it.
    expect(await (await send(true, 'application/json')).json()).toEqual(whole);
  });

  test.each(OPERATIONS.map((o) => [`${o.folder}/${o.file}`, o] as const))('When %s runs through the engine with each planner and through stock, then the bodies are identical', async (_label, o) => {
    const role = roleOf(o.folder);
    const token =
      role === 'bot for the customer'
        ? await signDelegatedBotToken(graph.gateway.config.auth, customer.id)
        : await graph.token(role, role === 'customer' ? customer.id : undefined);
    const authorization = `Bearer ${token}`;
    const send = async (url: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: o.query, variables: variablesOf(o.name, o.query), operationName: o.name }),
      });
      return `${response.status} ${await response.text()}`;
    };
    const engine = await send(graph.gatewayUrl);
    expect(engine).toBe(await send(stock.url));
    expect(await send(hive.url)).toBe(engine);
    if (!o.query.trimStart().startsWith('mutation') && !/^#[^\n]*\n\s*mutation/m.test(o.query)) expect(engine).toMatch(/^200 \{"data":\{"\w+":[{[]/);
  });
});
