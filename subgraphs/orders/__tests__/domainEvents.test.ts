import { MUTATION_EVENTS } from '../../../common/entityCacheContract';
import { InProcessEventBus, type DomainEvent } from '../../../common/events';
import { invalidationsFor } from '../../../common/invalidationsFor';
import { launchSubgraph, type LaunchedSubgraph } from '../../../common/subgraph';
import { STORY } from '../../../demo/stories';
import { buildDemoWorld } from '../../../demo/world';
import { testDatabase } from '../../../test/support/database';
import { commitFails, CommitFailed, outboxRows } from '../../../test/support/failingCommit';
import { AGENT, identityHeaders } from '../../../test/support/identity';
import { createOrdersService } from '../service';
import { cancelOrder } from '../useCases/cancelOrder';
import { requestReturn } from '../useCases/requestReturn';

const CANCEL = `mutation($n: ID!) { cancelOrder(number: $n, reason: CUSTOMER_REQUEST) { status } }`;
const RETURN = `mutation($n: ID!, $sku: ID!) { requestReturn(orderNumber: $n, sku: $sku, resolution: REFUND) { id } }`;

/** Each of Orders' writes announces its change once, in its own transaction, naming the entities it changed. */
describe("Orders' domain events", () => {
  const database = testDatabase('orders_events');
  const bus = new InProcessEventBus();
  const heard: DomainEvent[] = [];
  let orders: LaunchedSubgraph;

  beforeAll(async () => {
    await bus.subscribe('events-test', async (event) => void heard.push(event));
    orders = await launchSubgraph(createOrdersService(), { port: 0, database, bus, world: buildDemoWorld({ customers: 20 }) });
    await orders.settle();
  }, 60_000);
  afterAll(async () => {
    await orders?.stop();
    await database.cleanup();
  });
  beforeEach(() => void (heard.length = 0));

  async function post(query: string, variables: Record<string, unknown>) {
    const response = await fetch(orders.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await identityHeaders(AGENT, 'orders')) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    await orders.settle();
    return body;
  }

  const outbox = () => outboxRows(orders.db);
  const status = async (number: string) => (await orders.db.query<{ status: string }>('SELECT status FROM orders WHERE number = $1', [number]))[0].status;

  test('When a cancellation rolls back, then the order stays PLACED and no event remains', async () => {
    const before = await outbox();

    await expect(cancelOrder(commitFails(orders.db), STORY.bob.placedOrder, 'CUSTOMER_REQUEST', AGENT)).rejects.toThrow(CommitFailed);

    expect(await status(STORY.bob.placedOrder)).toBe('PLACED');
    expect(await outbox()).toEqual(before);
  });

  test('When an order is cancelled, then one OrderCancelled event reaches the bus and invalidates the order and its customer', async () => {
    const before = (await outbox()).length;

    const answer = await post(CANCEL, { n: STORY.bob.placedOrder });

    expect(answer.errors).toBeUndefined();
    expect((await outbox()).slice(before).map((row) => row.type)).toEqual(MUTATION_EVENTS.orders?.cancelOrder.emits);
    expect(heard.map((e) => [e.type, e.source])).toEqual([['OrderCancelled', 'orders']]);
    expect(invalidationsFor(heard[0])).toEqual([
      { typename: 'Order', key: { number: STORY.bob.placedOrder } },
      { typename: 'Customer', key: { id: STORY.bob.id } },
    ]);
  });

  test('When the same order is cancelled again, then it is refused and nothing is announced', async () => {
    const before = await outbox();

    const answer = await post(CANCEL, { n: STORY.bob.placedOrder });

    expect(answer.errors).toHaveLength(1);
    expect(await outbox()).toEqual(before);
    expect(heard).toEqual([]);
  });

  test('When a return rolls back, then no return and no event remain', async () => {
    const before = await outbox();
    const request = { orderNumber: STORY.alice.order, sku: STORY.alice.laptop, resolution: 'REFUND', now: new Date(), labelBaseUrl: 'https://labels.test', viewer: AGENT };

    await expect(requestReturn(commitFails(orders.db), request)).rejects.toThrow(CommitFailed);

    expect(await orders.db.query('SELECT id FROM returns WHERE order_number = $1', [STORY.alice.order])).toEqual([]);
    expect(await outbox()).toEqual(before);
  });

  test('When a return is requested, then one ReturnRequested event reaches the bus and invalidates the order and its customer', async () => {
    const before = (await outbox()).length;

    const answer = await post(RETURN, { n: STORY.alice.order, sku: STORY.alice.laptop });

    expect(answer.errors).toBeUndefined();
    expect((await outbox()).slice(before).map((row) => row.type)).toEqual(MUTATION_EVENTS.orders?.requestReturn.emits);
    expect(heard.map((e) => [e.type, e.source])).toEqual([['ReturnRequested', 'orders']]);
    expect(invalidationsFor(heard[0])).toEqual([
      { typename: 'Order', key: { number: STORY.alice.order } },
      { typename: 'Customer', key: { id: STORY.alice.id } },
    ]);
  });
});
