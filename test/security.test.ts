import { SignJWT, UnsecuredJWT } from 'jose';
import { DEMO_AUDIENCE, DEMO_ISSUER, DEMO_JWT_SECRET } from '../common/identity';
import { STORY } from '../demo/stories';
import { customer, identityHeaders } from './support/identity';
import { startTestGraph, type TestGraph } from './support/graph';

/** The attack suite: every path by which customer A could reach customer B, and forged credentials. */
let graph: TestGraph;
let bob: Record<string, string>;
let alice: Record<string, string>;
let subgraphCalls = 0;
const countCall = () => void (subgraphCalls += 1);

beforeAll(async () => {
  graph = await startTestGraph();
  bob = { authorization: `Bearer ${await graph.token('customer', STORY.bob.id)}` };
  alice = { authorization: `Bearer ${await graph.token('customer', STORY.alice.id)}` };
  for (const subgraph of Object.values(graph.subgraphs)) subgraph!.httpServer.on('request', countCall);
});
afterAll(() => graph?.stop());

const codes = (errors?: Array<{ extensions?: Record<string, any> }>) => (errors ?? []).map((e) => e.extensions?.code);

describe('a customer reads only their own records', () => {
  test('When Bob reads himself by id, email, phone, his order and its nested fields, then he gets them', async () => {
    const { data, errors } = await graph.query(
      `{ byId: customer(id: "${STORY.bob.id}") { name } byEmail: customer(email: "${STORY.bob.email}") { id }
         byPhone: customer(phone: "${STORY.bob.phone}") { id }
         order(number: "${STORY.bob.deliveredOrder}") { status customer { email } supportCases { number } notifications { topic } } }`,
      undefined,
      bob,
    );
    expect(errors).toBeUndefined();
    expect(data.byId.name).toBe('Bob Jones');
    expect(data.order.customer.email).toBe(STORY.bob.email);
  });

  test.each([
    ['customer(id)', `{ customer(id: "${STORY.alice.id}") { name } }`],
    ['customer(email)', `{ customer(email: "${STORY.alice.email}") { name } }`],
    ['customer(phone)', `{ customer(phone: "+1 555 010 0100") { name } }`],
    ['an unknown email', `{ customer(email: "nobody@email.com") { name } }`],
    ['order(number)', `{ order(number: "${STORY.alice.order}") { status } }`],
    ['supportCase(number)', `{ supportCase(number: "${STORY.chris.case}") { subject } }`],
    ['notification(id)', `{ notification(id: "NTF-0000001") { body } }`],
    ['an alias beside his own record', `{ mine: customer(id: "${STORY.bob.id}") { id } theirs: customer(id: "${STORY.alice.id}") { name } }`],
    ['a fragment', `query { order(number: "${STORY.alice.order}") { ...O } } fragment O on Order { total { amount } customer { email } }`],
    ['customers(ids)', `{ customers(ids: ["${STORY.alice.id}"]) { name } }`],
  ])('When Bob asks for Alice through %s, then he is refused and sees none of her data', async (_path, query) => {
    const { data, errors } = await graph.query(query, undefined, bob);
    expect(codes(errors).every((c) => c === 'FORBIDDEN')).toBe(true);
    expect(errors?.length).toBeGreaterThan(0);
    const text = JSON.stringify(data ?? {});
    for (const secret of ['Alice', STORY.alice.email, 'Chris', 'Dana', '549.99', 'incident']) expect(text).not.toContain(secret);
  });

  test('When a subgraph is asked for another customer through _entities with Bob\'s forwarded identity, then each private entity is refused', async () => {
    const headers = { 'content-type': 'application/json', ...(await identityHeaders(customer(STORY.bob.id), 'support')) };
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id supportCases { number } } } }`;
    const response = await fetch(graph.subgraphs.support!.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: { r: [{ __typename: 'Customer', id: STORY.chris.id }, { __typename: 'Customer', id: STORY.bob.id }] } }),
    });
    const body = (await response.json()) as any;
    expect(body.data._entities[0]).toBeNull();
    expect(body.data._entities[1]).toEqual({ id: STORY.bob.id, supportCases: [] });
    expect(body.errors.map((e: any) => [e.path, e.extensions.code])).toEqual([[['_entities', 0], 'FORBIDDEN']]);
  });

  test('When a subgraph is called directly without the gateway\'s identity, then private data is refused and a forged identity is rejected', async () => {
    const query = `{ customer(email: "${STORY.bob.email}") { name } }`;
    const anonymous = await fetch(graph.subgraphs.orders!.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    expect(codes(((await anonymous.json()) as any).errors)).toEqual(['UNAUTHENTICATED']);
    const forgedIdentity = await new SignJWT({ role: 'agent' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x')
      .setIssuer('customer-graph-gateway').setAudience('orders').setIssuedAt().setExpirationTime('1m')
      .sign(new TextEncoder().encode('a-secret-the-attacker-made-up-0123456789'));
    const forged = await fetch(graph.subgraphs.orders!.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-identity': forgedIdentity }, body: JSON.stringify({ query }) });
    expect(forged.status).toBe(401);
  });
});

describe('a customer changes only their own records', () => {
  async function aliceOrder() {
    const { data } = await graph.query(`{ order(number: "${STORY.alice.order}") { status returns { id } } }`);
    return data.order;
  }

  test.each([
    ['cancel Alice\'s order', `mutation { cancelOrder(number: "${STORY.alice.order}", reason: CUSTOMER_REQUEST) { status } }`],
    ['return Alice\'s laptop', `mutation { requestReturn(orderNumber: "${STORY.alice.order}", sku: "${STORY.alice.laptop}", resolution: REFUND) { id } }`],
    ['probe an order number that does not exist', `mutation { cancelOrder(number: "000000001", reason: CUSTOMER_REQUEST) { status } }`],
    ['open a support case', `mutation { openSupportCase(input: { customerId: "${STORY.bob.id}", subject: "x", channel: WEB, summary: "y" }) { number } }`],
    ['change a price', `mutation { setProductPrice(sku: "${STORY.partyLights.sku}", amount: "0.01") { sku } }`],
  ])('When Bob tries to %s, then he is refused and nothing is written', async (_what, mutation) => {
    const before = await aliceOrder();
    const { errors } = await graph.query(mutation, undefined, bob);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(await aliceOrder()).toEqual(before);
    const price = await graph.query(`{ product(sku: "${STORY.partyLights.sku}") { price { amount { amount } } } }`, undefined, { authorization: '' });
    expect(price.data.product.price.amount.amount).toBe(STORY.partyLights.mailerPrice);
  });

  test('When Bob cancels his own placed order, then it is cancelled', async () => {
    const { data, errors } = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: CUSTOMER_REQUEST) { status } }`, undefined, bob);
    expect(errors).toBeUndefined();
    expect(data.cancelOrder.status).toBe('CANCELLED');
  });
});

describe('tokens', () => {
  const secret = new TextEncoder().encode(DEMO_JWT_SECRET);
  const token = (claims: { aud?: string; iss?: string; exp?: string | number }, key = secret) =>
    new SignJWT({ role: 'agent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('agent-x')
      .setIssuer(claims.iss ?? DEMO_ISSUER)
      .setAudience(claims.aud ?? DEMO_AUDIENCE)
      .setExpirationTime(claims.exp ?? '5m')
      .sign(key);

  test.each([
    ['forged (signed with another secret)', () => token({}, new TextEncoder().encode('not-the-real-secret-but-long-enough-000000'))],
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['for another audience', () => token({ aud: 'someone-else' })],
    ['from another issuer', () => token({ iss: 'evil-issuer' })],
    ['unsigned (alg: none)', async () => new UnsecuredJWT({ role: 'agent' }).setSubject('agent-x').setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setExpirationTime('5m').encode()],
    ['not a JWT', async () => 'hello'],
  ])('When the token is %s, then the gateway answers 401 without calling a subgraph', async (_kind, make) => {
    const calls = subgraphCalls;
    const response = await graph.query(`{ customer(email: "${STORY.bob.email}") { name } }`, undefined, { authorization: `Bearer ${await make()}` });
    expect(response.status).toBe(401);
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
    expect(subgraphCalls).toBe(calls);
  });

  test('When nobody signs in, then products and prices are readable and customers are not', async () => {
    const anonymous = { authorization: '' };
    const price = await graph.query(`{ product(sku: "${STORY.partyLights.sku}") { name price { amount { amount } } } }`, undefined, anonymous);
    expect(price.errors).toBeUndefined();
    const denied = await graph.query(`{ customer(email: "${STORY.bob.email}") { name } }`, undefined, anonymous);
    expect(codes(denied.errors)).toEqual(['UNAUTHENTICATED']);
    expect(denied.data?.customer ?? null).toBeNull();
  });
});

describe('roles', () => {
  test('When a till reads any customer, then it may, but it may not cancel an order', async () => {
    const till = { authorization: `Bearer ${await graph.token('store')}` };
    const read = await graph.query(`{ customer(email: "${STORY.alice.email}") { name } }`, undefined, till);
    expect(read.data.customer.name).toBe('Alice Smith');
    const cancel = await graph.query(`mutation { cancelOrder(number: "${STORY.alice.order}", reason: CUSTOMER_REQUEST) { status } }`, undefined, till);
    expect(codes(cancel.errors)).toEqual(['FORBIDDEN']);
  });

  test('When a bot sends anything but a curated agent operation, then it is refused before any subgraph is called', async () => {
    const bot = { authorization: `Bearer ${await graph.token('bot')}` };
    const calls = subgraphCalls;
    const { errors } = await graph.query(`{ customer(email: "${STORY.bob.email}") { name email phone } }`, undefined, bot);
    expect(codes(errors)).toEqual(['FORBIDDEN']);
    expect(subgraphCalls).toBe(calls);
  });

  test('When an agent reads a customer, then the read is in the access log the customer can query, and only they', async () => {
    const agent = { authorization: `Bearer ${await graph.token('agent', 'agent-grace')}` };
    await graph.query(`query LookUpAlice { customer(email: "${STORY.alice.email}") { name } }`, undefined, agent);
    const own = await graph.query(`{ customer(id: "${STORY.alice.id}") { accessLog { actor role operation at } } }`, undefined, alice);
    expect(own.errors).toBeUndefined();
    expect(own.data.customer.accessLog[0]).toMatchObject({ actor: 'agent-grace', role: 'agent', operation: 'LookUpAlice' });
    const snooping = await graph.query(`{ customer(id: "${STORY.alice.id}") { accessLog { actor } } }`, undefined, bob);
    expect(codes(snooping.errors)).toEqual(['FORBIDDEN']);
    const agentsCannot = await graph.query(`{ customer(id: "${STORY.alice.id}") { accessLog { actor } } }`, undefined, agent);
    expect(codes(agentsCannot.errors)).toEqual(['FORBIDDEN']);
  });
});
