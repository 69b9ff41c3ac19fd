import { STORY } from '../../demo/stories';
import { startTestGraph, type TestGraph } from '../support/graph';

/**
 * The five customer stories of shared/seeds, through the gateway: each must be impossible
 * here because every channel reads the one owner of each fact, live.
 */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

const CHANNELS = ['WEB', 'STORE', 'PHONE', 'EMAIL', 'CHAT', 'MAILER'];

describe('Story 1: Bob quotes his order number and email', () => {
  const PROFILE = `customer { id name email } number status`;

  test('When support looks Bob up by email in any letter case, by phone in any format, or by order number, then they find the same customer and orders', async () => {
    const lookups = [
      `{ customer(email: "BOB.JONES@email.com") { id orders { number status } } }`,
      `{ customer(email: "  bob.jones@EMAIL.COM ") { id orders { number status } } }`,
      `{ customer(phone: "(555) 010-0200") { id orders { number status } } }`,
      `{ customer(phone: "+1 555.010.0200") { id orders { number status } } }`,
    ];
    for (const query of lookups) {
      const { data, errors } = await graph.query(query);
      expect(errors).toBeUndefined();
      expect(data.customer.id).toBe(STORY.bob.id);
      expect(data.customer.orders.map((o: { number: string }) => o.number).sort()).toEqual(
        [STORY.bob.deliveredOrder, STORY.bob.placedOrder].sort(),
      );
    }
    const { data } = await graph.query(`{ order(number: "${STORY.bob.deliveredOrder}") { ${PROFILE} } }`);
    expect(data.order).toMatchObject({ customer: { id: STORY.bob.id, email: STORY.bob.email }, status: 'DELIVERED' });
  });

  test('When the shop, the till and the agent console ask for Bob\'s order, then they all get the same answer', async () => {
    const query = `query Order($n: ID!, $c: Channel!) { order(number: $n) { number status total { amount currency }
      lines { quantity unitPrice { amount } product { sku name price(channel: $c) { amount { amount } } } } } }`;
    const answers = await Promise.all(
      ['WEB', 'STORE', 'PHONE'].map((c) => graph.query(query, { n: STORY.bob.placedOrder, c })),
    );
    const orders = answers.map((a) => ({ ...a.data.order, lines: a.data.order.lines.map((l: any) => ({ ...l, product: { ...l.product, price: l.product.price.amount } })) }));
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
    expect(orders[0].total).toEqual({ amount: '87.95', currency: 'USD' });
  });
});

describe('Story 2: a year of failed repairs on one linked history', () => {
  test('When Chris calls again, then his case holds every interaction of the year in order, reachable from him and from his order', async () => {
    const { data, errors } = await graph.query(`{ customer(email: "${STORY.chris.email}") {
      supportCases { number status interactions { at channel summary } }
      orders { number supportCases { number } lines { warranty { active } } } } }`);
    expect(errors).toBeUndefined();
    const [chrisCase] = data.customer.supportCases;
    expect(chrisCase.number).toBe(STORY.chris.case);
    expect(chrisCase.interactions.length).toBeGreaterThanOrEqual(8);
    const times = chrisCase.interactions.map((i: { at: string }) => Date.parse(i.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(chrisCase.interactions.filter((i: { summary: string }) => /BIOS re-flash/.test(i.summary)).length).toBeGreaterThanOrEqual(4);
    expect(new Set(chrisCase.interactions.map((i: { channel: string }) => i.channel))).toEqual(new Set(['PHONE', 'CHAT', 'WEB']));
    const order = data.customer.orders.find((o: { number: string }) => o.number === STORY.chris.order);
    expect(order.supportCases).toEqual([{ number: STORY.chris.case }]);
  });
});

describe('Story 3: the incident number and the price match', () => {
  test('When any channel looks up the incident number from the email, then it finds the case, Dana and the order it led to', async () => {
    const { data, errors } = await graph.query(`{ supportCase(number: "${STORY.dana.incident.toLowerCase()}") {
      number channel customer { name email } order { number lines { product { sku } unitPrice { amount } } } } }`);
    expect(errors).toBeUndefined();
    expect(data.supportCase).toMatchObject({
      number: STORY.dana.incident,
      channel: 'EMAIL',
      customer: { name: 'Dana Lee', email: STORY.dana.email },
      order: { number: STORY.dana.order, lines: [{ product: { sku: STORY.dana.sku }, unitPrice: { amount: '849.00' } }] },
    });
    const mail = await graph.query(`{ customer(email: "${STORY.dana.email}") { notifications { subject body supportCase { number status } } } }`);
    const reply = mail.data.customer.notifications.find((n: any) => n.supportCase?.number === STORY.dana.incident);
    expect(reply.body).toContain(STORY.dana.incident);
  });

  test('When the mailer advertises PARTY-LIGHTS-20 below its shelf price, then every channel sells it at the mailer price', async () => {
    const fields = CHANNELS.map((c) => `${c}: price(channel: ${c}) { amount { amount currency } promotion regularAmount { amount } }`).join(' ');
    const { data, errors } = await graph.query(`{ product(sku: "${STORY.partyLights.sku}") { ${fields} } }`);
    expect(errors).toBeUndefined();
    for (const channel of CHANNELS) {
      expect(data.product[channel]).toEqual({
        amount: { amount: STORY.partyLights.mailerPrice, currency: 'USD' },
        promotion: 'Garden party mailer',
        regularAmount: { amount: STORY.partyLights.shelfPrice },
      });
    }
  });
});

describe('Story 4: the silent cancellation', () => {
  test('When Erin asks why her order was cancelled, then the agent sees the payment check and the notification she got quotes the same message', async () => {
    const { data, errors } = await graph.query(`{ order(number: "${STORY.erin.order}") {
      status cancellation { reason message at } customer { email }
      notifications { topic channel body } } }`);
    expect(errors).toBeUndefined();
    expect(data.order.status).toBe('CANCELLED');
    expect(data.order.cancellation.reason).toBe('PAYMENT_VERIFICATION_FAILED');
    expect(data.order.cancellation.message).not.toMatch(/inventory|stock/i);
    const told = data.order.notifications.filter((n: { topic: string }) => n.topic === 'ORDER_CANCELLED');
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain(data.order.cancellation.message);
  });
});

describe('Story 5: the automated system and the agent agree', () => {
  test('When Bob\'s placed order is cancelled, then every channel sees CANCELLED at once and he is told why, once', async () => {
    const cancel = await graph.query(`mutation { cancelOrder(number: "${STORY.bob.placedOrder}", reason: OUT_OF_STOCK) { status cancellation { reason message } } }`);
    expect(cancel.errors).toBeUndefined();
    expect(cancel.data.cancelOrder.status).toBe('CANCELLED');
    const views = await Promise.all([
      graph.query(`{ order(number: "${STORY.bob.placedOrder}") { status cancellation { reason message } } }`),
      graph.query(`{ customer(email: "${STORY.bob.email}") { orders { number status cancellation { reason message } } } }`),
      graph.query(`{ customer(phone: "${STORY.bob.phone}") { orders { number status } } }`),
    ]);
    expect(views[0].data.order.status).toBe('CANCELLED');
    expect(views[1].data.customer.orders.find((o: any) => o.number === STORY.bob.placedOrder).status).toBe('CANCELLED');
    expect(views[2].data.customer.orders.find((o: any) => o.number === STORY.bob.placedOrder).status).toBe('CANCELLED');

    await graph.settle();
    const told = await graph.query(`{ order(number: "${STORY.bob.placedOrder}") { cancellation { message } notifications { topic body } } }`);
    const cancellations = told.data.order.notifications.filter((n: { topic: string }) => n.topic === 'ORDER_CANCELLED');
    expect(cancellations).toHaveLength(1);
    expect(cancellations[0].body).toContain(told.data.order.cancellation.message);
  });

  test('When Alice asks for a replacement under warranty, then the return carries a label and tracking number and her notification quotes them', async () => {
    const { data, errors } = await graph.query(`mutation { requestReturn(orderNumber: "${STORY.alice.order}", sku: "${STORY.alice.laptop}", resolution: REPLACEMENT) {
      id resolution status trackingNumber shippingLabelUrl product { name } order { number status } } }`);
    expect(errors).toBeUndefined();
    expect(data.requestReturn).toMatchObject({ resolution: 'REPLACEMENT', status: 'REQUESTED', product: { name: 'Dell Inspiron 15 3000 Series Laptop' } });
    expect(data.requestReturn.trackingNumber).toMatch(/^1Z\d{16}$/);
    await graph.settle();
    const told = await graph.query(`{ order(number: "${STORY.alice.order}") { returns { trackingNumber } notifications { topic body } } }`);
    const notice = told.data.order.notifications.find((n: { topic: string }) => n.topic === 'RETURN_REQUESTED');
    expect(notice.body).toContain(data.requestReturn.trackingNumber);
    expect(notice.body).toContain(data.requestReturn.shippingLabelUrl);
    expect(told.data.order.returns).toEqual([{ trackingNumber: data.requestReturn.trackingNumber }]);
  });

  test('When a price changes, then the web, the till and the mailer channel see the new price on the next read', async () => {
    const pricingJob = { authorization: `Bearer ${await graph.token('service')}` };
    const change = await graph.query(`mutation { setProductPrice(sku: "TENT-2P", amount: "175.00") { sku } }`, undefined, pricingJob);
    expect(change.errors).toBeUndefined();
    const fields = CHANNELS.map((c) => `${c}: price(channel: ${c}) { amount { amount } }`).join(' ');
    const { data } = await graph.query(`{ product(sku: "TENT-2P") { ${fields} } }`);
    for (const channel of CHANNELS) expect(data.product[channel].amount.amount).toBe('175.00');
  });
});
