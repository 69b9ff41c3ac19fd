import { InProcessEventBus, type DomainEvent } from '../../../common/events';
import { launchSubgraph, type LaunchedSubgraph } from '../../../common/subgraph';
import { buildDemoWorld } from '../../../demo/world';
import { STORY } from '../../../demo/stories';
import { testDatabase } from '../../../test/support/database';
import { createNotificationsService } from '../service';
import { event, postGraphQL, RecordingSender } from './helpers';

const ERIN_MESSAGE = 'We could not verify your payment, so we cancelled the order. You have not been charged.';

const cancellation = (orderNumber: string) => ({
  orderNumber,
  customerId: STORY.erin.id,
  reason: 'PAYMENT_VERIFICATION_FAILED',
  message: ERIN_MESSAGE,
  cancelledAt: '2026-05-20T10:00:00.000Z',
});

const ORDER_NOTIFICATIONS = `query ($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Order { number notifications { id channel topic subject body sentAt customer { id } order { number } } }
  }
}`;

describe('notifications from Orders\' events', () => {
  const database = testDatabase('ntfevents');
  // Two deliveries, quickly: a failure is redelivered once, then set aside as a dead letter.
  const bus = new InProcessEventBus({ maxDeliver: 2, retryDelayMs: 1 });
  const sender = new RecordingSender();
  let launched: LaunchedSubgraph;

  beforeAll(async () => {
    launched = await launchSubgraph(createNotificationsService({ sender }), {
      port: 0,
      database,
      bus,
      world: buildDemoWorld({ customers: 20 }),
    });
  });

  afterAll(async () => {
    await launched?.stop();
    await bus.close();
    await database.cleanup();
  });

  beforeEach(() => {
    sender.sent.length = 0;
    sender.failuresLeft = 0;
    sender.delayMs = 0;
  });

  const rowsForEvent = (eventId: string) =>
    launched.db.query<{ id: string; delivery_status: string }>(
      'SELECT id, delivery_status FROM notifications WHERE event_id = $1',
      [eventId],
    );

  test('When an OrderCancelled event is delivered twice, then one notification is recorded and sent once, quoting the message verbatim', async () => {
    const cancelled = event('EVT-cancel-1', 'OrderCancelled', cancellation(STORY.erin.order));

    await bus.publish(cancelled);
    await bus.publish(cancelled);

    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].body).toContain(ERIN_MESSAGE);
    expect(await rowsForEvent('EVT-cancel-1')).toEqual([{ id: sender.sent[0].id, delivery_status: 'DELIVERED' }]);
    const result = await postGraphQL(launched.url, ORDER_NOTIFICATIONS, { reps: [{ __typename: 'Order', number: STORY.erin.order }] });
    expect(result.errors).toBeUndefined();
    const cancellations = result.data!._entities[0].notifications.filter((n: { topic: string }) => n.topic === 'ORDER_CANCELLED');
    expect(cancellations).toEqual([
      expect.objectContaining({
        id: sender.sent[0].id,
        channel: 'EMAIL',
        subject: `Your order ${STORY.erin.order} has been cancelled`,
        body: expect.stringContaining(ERIN_MESSAGE),
        customer: { id: STORY.erin.id },
        order: { number: STORY.erin.order },
      }),
    ]);
    expect(cancellations[0].id).toMatch(/^NTF-\d{7,}$/);
    expect(Number(cancellations[0].id.slice(4))).toBeGreaterThanOrEqual(5_000_000);
  });

  test('When a notification goes out, then one NotificationSent event announces it on the bus, however often its cause arrives', async () => {
    const announced: DomainEvent[] = [];
    const watching = await bus.watch((e) => void (e.type === 'NotificationSent' && announced.push(e)));
    const cancelled = event('EVT-cancel-announced', 'OrderCancelled', cancellation('400000905'));

    await bus.publish(cancelled);
    await bus.publish(cancelled);
    await launched.settle();
    await watching.unsubscribe();

    expect(sender.sent).toHaveLength(1);
    expect(announced).toEqual([
      expect.objectContaining({
        source: 'notifications',
        payload: { notificationId: sender.sent[0].id, customerId: STORY.erin.id, orderNumber: '400000905', caseNumber: null, sentAt: expect.any(String) },
      }),
    ]);
  });

  test('When the same event arrives again while the first is still sending, then it is still sent once', async () => {
    const cancelled = event('EVT-cancel-concurrent', 'OrderCancelled', cancellation('400000900'));
    sender.delayMs = 100;

    await Promise.all([bus.publish(cancelled), bus.publish(cancelled)]);

    expect(sender.sent).toHaveLength(1);
    expect(await rowsForEvent('EVT-cancel-concurrent')).toHaveLength(1);
  });

  test('When a ReturnRequested event arrives, then a RETURN_REQUESTED email gives the tracking number and the label', async () => {
    const requested = event('EVT-return-1', 'ReturnRequested', {
      returnId: 'RET-0000001',
      orderNumber: STORY.dana.order,
      customerId: STORY.dana.id,
      sku: STORY.dana.sku,
      resolution: 'REPLACEMENT',
      trackingNumber: '1Z999AA10123456784',
      shippingLabelUrl: 'https://labels.example.com/RET-0000001.pdf',
      requestedAt: '2026-05-21T10:00:00.000Z',
    });

    await bus.publish(requested);

    const result = await postGraphQL(launched.url, ORDER_NOTIFICATIONS, { reps: [{ __typename: 'Order', number: STORY.dana.order }] });
    expect(result.errors).toBeUndefined();
    const [notification] = result.data!._entities[0].notifications;
    expect(notification.topic).toBe('RETURN_REQUESTED');
    expect(notification.channel).toBe('EMAIL');
    expect(notification.body).toContain('1Z999AA10123456784');
    expect(notification.body).toContain('https://labels.example.com/RET-0000001.pdf');
    expect(notification.body).toMatch(/replacement/i);
    expect(sender.sent.map((n) => n.id)).toEqual([notification.id]);
  });

  test('When the sender fails once, then the bus delivers the event again and it is sent, still as one row', async () => {
    const cancelled = event('EVT-cancel-retry', 'OrderCancelled', cancellation('400000901'));
    sender.failuresLeft = 1;

    await bus.publish(cancelled);

    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0].body).toContain(ERIN_MESSAGE);
    expect(await rowsForEvent('EVT-cancel-retry')).toEqual([{ id: sender.sent[0].id, delivery_status: 'DELIVERED' }]);
  });

  test('When a notification is recorded but not yet sent, then the graph does not claim it was sent', async () => {
    const cancelled = event('EVT-cancel-pending', 'OrderCancelled', cancellation('400000902'));
    sender.failuresLeft = 2;
    await bus.publish(cancelled);
    expect(bus.deadLetters().map((d) => d.event.id)).toContain('EVT-cancel-pending');
    const [row] = await rowsForEvent('EVT-cancel-pending');
    expect(row.delivery_status).toBe('PENDING');
    await launched.settle();
    const announced = await launched.db.query(`SELECT 1 FROM outbox WHERE payload->>'notificationId' = $1`, [row.id]);
    expect(announced).toEqual([]); // nor is it announced as sent

    const result = await postGraphQL(launched.url, 'query ($id: ID!) { notification(id: $id) { id } }', { id: row.id });

    expect(result).toEqual({ data: { notification: null } });
  });

  test('When an event of a type we do not handle arrives, then it is acknowledged and nothing is recorded', async () => {
    const before = await launched.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications');

    await expect(bus.publish(event('EVT-other-1', 'OrderShippedLater', { orderNumber: '1' }))).resolves.toBeUndefined();

    expect(await launched.db.query('SELECT count(*)::int AS n FROM notifications')).toEqual(before);
    expect(sender.sent).toHaveLength(0);
  });

  test('When a cancellation event lacks its message, then it is a dead letter at once and nothing is recorded or sent', async () => {
    const { message: _omitted, ...withoutMessage } = cancellation('400000903');

    await bus.publish(event('EVT-cancel-bad', 'OrderCancelled', withoutMessage));
    const letter = bus.deadLetters().find((d) => d.event.id === 'EVT-cancel-bad');
    expect([letter?.deliveries, letter?.reason]).toEqual([1, expect.stringMatching(/^permanent failure: .*message/)]);

    expect(await rowsForEvent('EVT-cancel-bad')).toEqual([]);
    expect(sender.sent).toHaveLength(0);
  });

  test('When handling is under way, then settle resolves only after it has finished', async () => {
    const publishing = bus.publish(event('EVT-cancel-settle', 'OrderCancelled', cancellation('400000904')));

    await launched.settle();

    expect(sender.sent.map((n) => n.orderNumber)).toEqual(['400000904']);
    expect(await rowsForEvent('EVT-cancel-settle')).toEqual([expect.objectContaining({ delivery_status: 'DELIVERED' })]);
    await publishing;
  });
});
