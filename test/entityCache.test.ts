import { InProcessEventBus, type EventWatcher, type Subscription } from '../common/events';
import { createLogger } from '../common/logger';
import { DEMO_SUBJECTS } from '../gateway/auth/demoTokens';
import { startGateway, type RunningGateway } from '../gateway/createGateway';
import { startTestGraph, type TestGraph } from './support/graph';

jest.setTimeout(180_000);

/** The in-process bus, its watchers told `lateMs` after each event (a relay or broker that is slow to deliver). */
class LateBus extends InProcessEventBus {
  lateMs = 0;
  override watch(watcher: EventWatcher): Promise<Subscription> {
    return super.watch((event) => {
      if (this.lateMs === 0) return watcher(event);
      setTimeout(() => watcher(event), this.lateMs);
    });
  }
}

const CACHE_ON = { mode: 'auto' as const, maxBytes: 5_000_000, types: ['Customer', 'Order', 'SupportCase', 'Notification', 'Product'] };
const BOB = DEMO_SUBJECTS.customer;
const CASE_AND_ORDER = `query CaseAndOrder($number: ID!) { supportCase(number: $number) { number order { number status } } }`;

let graph: TestGraph;
let bus: LateBus;
let bob: Record<string, string>;
let caseNumber: string;
let orderNumber: string;
/** A case about another of Bob's orders than `orderNumber`. */
let otherCaseNumber: string;

beforeAll(async () => {
  bus = new LateBus();
  // This gateway's own cache only (no Redis generations, whatever the environment says): the tests count its hits.
  graph = await startTestGraph({ bus, gateway: { entityCache: CACHE_ON, redisUrl: undefined } });
  bob = { authorization: `Bearer ${await graph.token('customer')}` };
  const orders = await graph.query(`{ customer(id: "${BOB}") { orders { number status } } }`, {}, bob);
  orderNumber = orders.data.customer.orders.find((order: { status: string }) => order.status === 'PLACED').number;
  const opened = await graph.query(
    `mutation { openSupportCase(input: { customerId: "${BOB}", orderNumber: "${orderNumber}", subject: "Late", channel: WEB, summary: "Where is it?" }) { number } }`,
  );
  caseNumber = opened.data.openSupportCase.number;
  const otherOrder = orders.data.customer.orders.find((order: { number: string }) => order.number !== orderNumber).number;
  const other = await graph.query(
    `mutation { openSupportCase(input: { customerId: "${BOB}", orderNumber: "${otherOrder}", subject: "Colour", channel: WEB, summary: "Wrong colour" }) { number } }`,
  );
  otherCaseNumber = other.data.openSupportCase.number;
  await graph.settle();
});
afterAll(() => graph?.stop());

test("a customer's repeated read is answered from the cache: the owner runs no SQL for it, and the answer is the same", async () => {
  const first = await graph.query(CASE_AND_ORDER, { number: caseNumber }, bob);
  const before = graph.statements().orders;
  const second = await graph.query(CASE_AND_ORDER, { number: caseNumber }, { ...bob, 'x-entity-cache': 'report' });
  expect(second.data).toEqual(first.data);
  expect(graph.statements().orders).toBe(before);
  // Asked for, the answer says what came from the cache; not asked for, it says nothing.
  // The case (a keyed root read) and its order (an entity fetch).
  expect((second as { extensions?: unknown }).extensions).toEqual({ entityCache: { hits: 2, misses: 0, bypassed: 0 } });
  expect((first as { extensions?: unknown }).extensions).toBeUndefined();
});

test("staff reads of a customer's records still reach the owner, which logs each one", async () => {
  const logged = async () => (await graph.query(`{ customer(id: "${BOB}") { supportAccessLog(last: 100) { actor } } }`, {}, bob)).data.customer.supportAccessLog.length;
  const agentRead = `{ customer(id: "${BOB}") { supportCases { number status } } }`;
  const before = await logged();
  await graph.query(agentRead);
  await graph.query(agentRead);
  expect(await logged()).toBeGreaterThanOrEqual(before + 2);
});

const ORDER_BY_NUMBER = `query OrderByNumber($number: ID!) { order(number: $number) { number status } }`;

test('a keyed root read (order(number:)) is answered from the cache the second time: the owner runs no SQL for it', async () => {
  const first = await graph.query(ORDER_BY_NUMBER, { number: orderNumber }, bob);
  const before = graph.statements().orders;
  const second = await graph.query(ORDER_BY_NUMBER, { number: orderNumber }, { ...bob, 'x-entity-cache': 'report' });
  expect(second.data).toEqual(first.data);
  expect(first.data.order.status).toBe('PLACED');
  expect(graph.statements().orders).toBe(before);
  expect((second as { extensions?: any }).extensions.entityCache).toEqual({ hits: 1, misses: 0, bypassed: 0 });
});

test('right after cancelOrder returns through the gateway, a read sees CANCELLED even before the event arrives; another order stays cached', async () => {
  const warm = await graph.query(CASE_AND_ORDER, { number: caseNumber }, bob);
  expect(warm.data.supportCase.order.status).toBe('PLACED');
  const otherOrder = () => graph.query(CASE_AND_ORDER, { number: otherCaseNumber }, { ...bob, 'x-entity-cache': 'report' });
  await otherOrder();
  bus.lateMs = 1_000;
  try {
    const cancelled = await graph.query(`mutation { cancelOrder(number: "${orderNumber}", reason: CUSTOMER_REQUEST) { status } }`, {}, bob);
    expect(cancelled.errors).toBeUndefined();
    const after = await graph.query(CASE_AND_ORDER, { number: caseNumber }, { ...bob, 'x-entity-cache': 'report' });
    expect(after.data.supportCase.order.status).toBe('CANCELLED');
    // The case's entry holds the order too: both fetched again.
    expect((after as { extensions?: any }).extensions.entityCache).toMatchObject({ hits: 0, misses: 2 });
    // The keyed root read held since the test before is dropped as well.
    expect((await graph.query(ORDER_BY_NUMBER, { number: orderNumber }, bob)).data.order.status).toBe('CANCELLED');
    // Orders said which entities cancelOrder changed (that order, its customer): the other order's entry was kept.
    expect((await otherOrder() as { extensions?: any }).extensions.entityCache).toMatchObject({ hits: 2, misses: 0 });
  } finally {
    bus.lateMs = 0;
  }
});

describe('a second replica on the same bus', () => {
  let replica: RunningGateway;
  beforeAll(async () => {
    replica = await startGateway({ ...graph.gateway.config, port: 0 }, createLogger('gateway', { LOG_LEVEL: 'silent' }));
  });
  afterAll(() => replica?.stop());

  test("a change made through another replica reaches this one's cache by the owner's event", async () => {
    const query = (url: string, body: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...bob }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    const read = () => query(replica.url, { query: `{ customer(id: "${BOB}") { supportCases { number status interactions { summary } } } }` });
    const before = await read();
    const count = before.data.customer.supportCases.find((c: { number: string }) => c.number === caseNumber).interactions.length;
    // Agents add interactions; the replica has Bob's cases cached.
    await read();
    const added = await graph.query(`mutation { addCaseInteraction(caseNumber: "${caseNumber}", channel: WEB, summary: "Called back") { number } }`);
    expect(added.errors).toBeUndefined();
    await graph.settle();
    const after = await read();
    expect(after.data.customer.supportCases.find((c: { number: string }) => c.number === caseNumber).interactions).toHaveLength(count + 1);
  });
});

test('concurrent writers and readers through one gateway: every read reflects every write completed before it started', async () => {
  const readInteractions = async () => {
    const answer = await graph.query(`{ customer(id: "${BOB}") { supportCases { number interactions { summary } } } }`, {}, bob);
    return answer.data.customer.supportCases.find((c: { number: string }) => c.number === caseNumber).interactions.length as number;
  };
  let completed = await readInteractions();
  const stale: string[] = [];
  let reads = 0;
  const writer = async (name: string) => {
    for (let i = 0; i < 6; i++) {
      const added = await graph.query(`mutation { addCaseInteraction(caseNumber: "${caseNumber}", channel: WEB, summary: "${name} ${i}") { number } }`);
      expect(added.errors).toBeUndefined();
      completed += 1;
    }
  };
  const reader = async () => {
    for (let i = 0; i < 15; i++) {
      const atStart = completed;
      const seen = await readInteractions();
      reads += 1;
      if (seen < atStart) stale.push(`read ${seen} interactions after ${atStart} writes had completed`);
    }
  };
  // Events a little late, as a busy relay delivers them: reads right after a write must not wait for them.
  bus.lateMs = 200;
  try {
    await Promise.all([writer('a'), writer('b'), reader(), reader()]);
  } finally {
    bus.lateMs = 0;
  }
  expect(stale).toEqual([]);
  expect(reads).toBe(30);
  // The readers were served from the cache between writes (else this test proves nothing about it).
  const metrics = await (await fetch(graph.gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  expect(Number(/^gateway_entity_cache_hits_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
});
