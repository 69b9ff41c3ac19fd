import { randomUUID } from 'node:crypto';
import { createEventBus } from '../../../common/bus/createEventBus';
import { EventType } from '../../../common/eventContracts';
import type { DomainEvent, EventBus, EventHandler } from '../../../common/events';
import { createLogger } from '../../../common/logger';
import { startNotificationConsumer, type RunningConsumer } from '../../../subgraphs/notifications/consumer';
import type { NotificationSender } from '../../../subgraphs/notifications/sender';
import { OutboxRelay } from '../../../subgraphs/orders/relay';
import { consumerBacklog, deadLetters, deleteStreams, describeWith, eventually, storedEvents, testBusEnv, type BusEnv } from './support/busEnv';
import { notificationsByEvent, openScaleDatabase, outboxState, prepareChanges, runChanges, type ScaleDatabase } from './support/ordersWorkload';

/** Orders' outbox relay and Notifications' consumer on the real servers, in this process. */
const log = createLogger('outbox-nats-test', { LOG_LEVEL: 'silent' });

/** The real bus, noting which events it accepted: which relay published what. */
class PublishLog implements EventBus {
  readonly accepted: string[] = [];
  constructor(private readonly inner: EventBus) {}
  async publish(event: DomainEvent): Promise<void> {
    await this.inner.publish(event);
    this.accepted.push(event.id);
  }
  subscribe(consumer: string, handler: EventHandler) {
    return this.inner.subscribe(consumer, handler);
  }
  close() {
    return this.inner.close();
  }
}

/** The way out to customers, counting what went out per event. */
class CountingSender implements NotificationSender {
  readonly sends = new Map<string, number>();
  async send(notification: { id: string }): Promise<void> {
    this.sends.set(notification.id, (this.sends.get(notification.id) ?? 0) + 1);
  }
}

describeWith(['NATS_URL', 'TEST_DATABASE_URL'])('the outbox over NATS JetStream', () => {
  let orders: ScaleDatabase;
  let notifications: ScaleDatabase;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    orders = await openScaleDatabase('orders');
    notifications = await openScaleDatabase('notifications');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await orders.cleanup();
    await notifications.cleanup();
  });

  async function busFor(env: BusEnv): Promise<EventBus> {
    const bus = await createEventBus(env, log);
    cleanups.push(() => bus.close());
    return bus;
  }

  function relayOn(bus: EventBus, batchSize = 100): OutboxRelay {
    const relay = new OutboxRelay(orders.db, bus, log, { batchSize, intervalMs: 50 });
    relay.start();
    cleanups.push(() => relay.stop());
    return relay;
  }

  async function consumerOn(bus: EventBus, sender: NotificationSender): Promise<RunningConsumer> {
    const consumer = await startNotificationConsumer({ db: notifications.db, bus, log, sender });
    cleanups.push(() => consumer.stop());
    return consumer;
  }

  function newEnv(overrides: BusEnv = {}): BusEnv {
    const env = testBusEnv(overrides);
    cleanups.push(() => deleteStreams(env));
    return env;
  }

  test('When two relays work one outbox at once, then each event is published by exactly one of them and none is left', async () => {
    const env = newEnv();
    await runChanges(await prepareChanges(orders.db, 150), 4);
    const first = new PublishLog(await busFor(env));
    const second = new PublishLog(await busFor(env));

    relayOn(first, 10);
    relayOn(second, 10);

    await eventually(() => outboxState(orders.db), (s) => s.unpublished === 0);
    const { ids } = await outboxState(orders.db);
    expect([...first.accepted, ...second.accepted].sort()).toEqual([...ids].sort());
    expect(first.accepted.length).toBeGreaterThan(0);
    expect(second.accepted.length).toBeGreaterThan(0);
    expect(await storedEvents(env)).toBe(150);
  });

  test('When a relay crashed after publishing but before marking, then it publishes again, the broker stores each event once and each customer is told once', async () => {
    const env = newEnv();
    const sender = new CountingSender();
    await consumerOn(await busFor(env), sender);
    const relay = relayOn(await busFor(env));
    await runChanges(await prepareChanges(orders.db, 30), 3);
    await eventually(() => notificationsByEvent(notifications.db), (n) => n.perEvent.size === 30 && n.pending === 0);

    // The state a relay killed between the broker's acknowledgement and its commit leaves behind.
    await orders.db.query('UPDATE outbox SET published_at = NULL');
    relay.kick();

    await eventually(() => outboxState(orders.db), (s) => s.unpublished === 0);
    expect(await storedEvents(env)).toBe(30);
    await eventually(() => consumerBacklog(env, 'notifications'), (n) => n === 0);
    const { perEvent } = await notificationsByEvent(notifications.db);
    expect([...perEvent.keys()].sort()).toEqual((await outboxState(orders.db)).ids.sort());
    expect([...sender.sends.values()].every((n) => n === 1)).toBe(true);
    expect(sender.sends.size).toBe(30);
  });

  test('When an event comes again after the broker forgot its id, then Notifications records and sends it once', async () => {
    const env = newEnv({ NATS_DUPLICATE_WINDOW_MS: '200' });
    const sender = new CountingSender();
    await consumerOn(await busFor(env), sender);
    const relay = relayOn(await busFor(env));
    await runChanges(await prepareChanges(orders.db, 12), 3);
    await eventually(() => notificationsByEvent(notifications.db), (n) => n.perEvent.size === 12 && n.pending === 0);

    await new Promise((resolve) => setTimeout(resolve, 400)); // past the duplicate window
    await orders.db.query('UPDATE outbox SET published_at = NULL');
    relay.kick();

    await eventually(() => outboxState(orders.db), (s) => s.unpublished === 0);
    expect(await storedEvents(env)).toBe(24); // the broker did deliver every event twice
    await eventually(() => consumerBacklog(env, 'notifications'), (n) => n === 0);
    const { perEvent } = await notificationsByEvent(notifications.db);
    expect(perEvent.size).toBe(12);
    expect([...perEvent.values()].every((n) => n === 1)).toBe(true);
    expect([...sender.sends.values()].every((n) => n === 1)).toBe(true);
  });

  test('When an event breaks its contract, then Notifications sends it to the dead letters on its first delivery, with the reason', async () => {
    const env = newEnv();
    const sender = new CountingSender();
    await consumerOn(await busFor(env), sender);
    const broken: DomainEvent = {
      id: randomUUID(),
      type: EventType.OrderCancelled,
      source: 'orders',
      occurredAt: new Date().toISOString(),
      payload: { orderNumber: '1', customerId: 'C-1', reason: 'OUT_OF_STOCK', cancelledAt: new Date().toISOString() },
    };

    await (await busFor(env)).publish(broken);

    const [letter] = await eventually(() => deadLetters(env), (all) => all.length >= 1, 10_000);
    expect(letter).toMatchObject({
      eventId: broken.id,
      consumer: 'notifications',
      deliveries: 1,
      reason: `permanent failure: PermanentEventError: OrderCancelled event ${broken.id} lacks message`,
    });
    expect(sender.sends.size).toBe(0);
  });
});
