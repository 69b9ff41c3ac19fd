import pino from 'pino';
import { InProcessEventBus } from '../../../common/events';
import { launchSubgraph, type LaunchedSubgraph } from '../../../common/subgraph';
import { STORY } from '../../../demo/stories';
import type { DemoWorld } from '../../../demo/types';
import { buildDemoWorld } from '../../../demo/world';
import { testDatabase } from '../../../test/support/database';
import { notificationsService } from '../service';
import { event, postGraphQL } from './helpers';

const NOTIFICATION = `query ($id: ID!) {
  notification(id: $id) { id channel topic subject body sentAt customer { id } order { number } supportCase { number } }
}`;

const CUSTOMER_NOTIFICATIONS = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Customer { id notifications { id topic sentAt order { number } supportCase { number } customer { id } } }
  }
}`;

describe('reading notifications', () => {
  const database = testDatabase('ntfqueries');
  const bus = new InProcessEventBus();
  const world: DemoWorld = buildDemoWorld({ customers: 60 });
  const logLines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
  let launched: LaunchedSubgraph;

  beforeAll(async () => {
    launched = await launchSubgraph(notificationsService, { port: 0, database, bus, world, log });
  });

  afterAll(async () => {
    await launched?.stop();
    await bus.close();
    await database.cleanup();
  });

  async function statementsFor<T>(act: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const before = launched.db.stats.statements;
    const result = await act();
    return { result, statements: launched.db.stats.statements - before };
  }

  test('When Dana\'s price-match email is asked for by id, then it refers to support case CS-482913', async () => {
    const result = await postGraphQL(launched.url, NOTIFICATION, { id: 'NTF-0000001' });

    expect(result.errors).toBeUndefined();
    expect(result.data!.notification).toEqual({
      id: 'NTF-0000001',
      channel: 'EMAIL',
      topic: 'CASE_UPDATE',
      subject: `Your price match request (incident ${STORY.dana.incident})`,
      body: expect.stringContaining(`quote incident number ${STORY.dana.incident}`),
      sentAt: world.notifications[0].sentAt.toISOString(),
      customer: { id: STORY.dana.id },
      order: null,
      supportCase: { number: 'CS-482913' },
    });
  });

  test('When an unknown notification id is asked for, then the answer is null without an error', async () => {
    const result = await postGraphQL(launched.url, NOTIFICATION, { id: 'NTF-9999999' });

    expect(result).toEqual({ data: { notification: null } });
  });

  test('When 5 or 50 customers\' notifications are resolved as entities, then both take the same bounded number of statements', async () => {
    const customers = world.customers.slice(0, 50).map((c) => c.id);
    const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Customer', id }));

    const five = await statementsFor(() => postGraphQL(launched.url, CUSTOMER_NOTIFICATIONS, { reps: reps(customers.slice(0, 5)) }));
    const fifty = await statementsFor(() => postGraphQL(launched.url, CUSTOMER_NOTIFICATIONS, { reps: reps(customers) }));

    expect(fifty.result.errors).toBeUndefined();
    expect(fifty.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(2); // the notifications, the access log's one INSERT
    const entities = fifty.result.data!._entities as Array<{ id: string; notifications: Array<{ id: string; customer: { id: string } }> }>;
    expect(entities.map((e) => e.id)).toEqual(customers);
    for (const entity of entities) {
      const expected = world.notifications.filter((n) => n.customerId === entity.id).map((n) => n.id).sort();
      expect(entity.notifications.map((n) => n.id).sort()).toEqual(expected);
      expect(entity.notifications.every((n) => n.customer.id === entity.id)).toBe(true);
    }
  });

  test('When a customer has several notifications, then they come newest first', async () => {
    const customer = world.customers.find((c) => world.notifications.filter((n) => n.customerId === c.id).length >= 3)!;

    const result = await postGraphQL(launched.url, CUSTOMER_NOTIFICATIONS, { reps: [{ __typename: 'Customer', id: customer.id }] });

    const sentAts: string[] = result.data!._entities[0].notifications.map((n: { sentAt: string }) => n.sentAt);
    expect(sentAts.length).toBeGreaterThanOrEqual(3);
    expect(sentAts).toEqual([...sentAts].sort().reverse());
  });

  test('When a customer was never sent anything, then the list is empty, not null', async () => {
    const result = await postGraphQL(launched.url, CUSTOMER_NOTIFICATIONS, { reps: [{ __typename: 'Customer', id: 'CUS-999999' }] });

    // An entity read also says which access-log entries it wrote (none: nothing was sent to this customer).
    expect(result).toEqual({
      data: { _entities: [{ id: 'CUS-999999', notifications: [] }] },
      extensions: { accessLogged: {} },
    });
  });

  test('When orders are resolved as entities, then each lists its notifications with one statement for the batch (and one for the access log)', async () => {
    const orders = world.orders.slice(0, 30).map((o) => o.number);
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { number notifications { id order { number } } } } }`;

    const { result, statements } = await statementsFor(() =>
      postGraphQL(launched.url, query, { reps: orders.map((number) => ({ __typename: 'Order', number })) }),
    );

    expect(result.errors).toBeUndefined();
    expect(statements).toBe(2); // the notifications, the access log's one INSERT
    const alice = result.data!._entities.find((o: { number: string }) => o.number === STORY.alice.order);
    expect(alice.notifications).toEqual([{ id: 'NTF-0000002', order: { number: STORY.alice.order } }]);
  });

  test('When 50 notifications are resolved as entities, then one statement loads them (and one logs the read) and unknown ones are null', async () => {
    const ids = [...world.notifications.slice(0, 49).map((n) => n.id), 'NTF-0000000'];
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Notification { id topic } } }`;

    const { result, statements } = await statementsFor(() =>
      postGraphQL(launched.url, query, { reps: ids.map((id) => ({ __typename: 'Notification', id })) }),
    );

    expect(statements).toBe(2); // the notifications, the access log's one INSERT
    const entities = result.data!._entities as Array<{ id: string } | null>;
    expect(entities.slice(0, 49).map((e) => e?.id)).toEqual(ids.slice(0, 49));
    expect(entities[49]).toBeNull();
  });

  test('When the default service handles a cancellation, then the message goes out as one structured log line', async () => {
    const message = 'An item on your order could not be supplied, so we cancelled the order.';

    await bus.publish(event('EVT-log-1', 'OrderCancelled', {
      orderNumber: STORY.erin.order, customerId: STORY.erin.id, reason: 'OUT_OF_STOCK', message, cancelledAt: '2026-05-20T10:00:00.000Z',
    }));

    const sent = logLines.filter((line) => line.msg === 'notification sent');
    expect(sent).toEqual([
      expect.objectContaining({
        to: STORY.erin.id,
        channel: 'EMAIL',
        topic: 'ORDER_CANCELLED',
        subject: `Your order ${STORY.erin.order} has been cancelled`,
        body: expect.stringContaining(message),
      }),
    ]);
    const result = await postGraphQL(launched.url, NOTIFICATION, { id: sent[0].notificationId });
    expect(result.data!.notification).toMatchObject({ topic: 'ORDER_CANCELLED', order: { number: STORY.erin.order } });
  });
});
