import { createEventBus } from '../../../common/bus/createEventBus';
import type { EventBus } from '../../../common/events';
import { createLogger } from '../../../common/logger';
import { startNotificationConsumer, type RunningConsumer } from '../../../subgraphs/notifications/consumer';
import type { NotificationSender } from '../../../subgraphs/notifications/sender';
import { OutboxRelay } from '../../../subgraphs/orders/relay';
import { deleteStreams, describeWith, eventually, testBusEnv, NATS_URL } from './support/busEnv';
import { notificationsByEvent, openScaleDatabase, outboxState, prepareChanges, runChanges, type ScaleDatabase } from './support/ordersWorkload';
import { TcpProxy } from './support/tcpProxy';

/**
 * NATS unreachable for a few seconds mid-run: the relay's and the consumer's connections go through
 * a TCP proxy the test cuts (open connections reset, new ones refused) and then restores.
 */
const PER_PHASE = 40;
const OUTAGE_MS = 3000;
const log = createLogger('outage-test', { LOG_LEVEL: 'silent' });

class CountingSender implements NotificationSender {
  readonly sends = new Map<string, number>();
  async send(notification: { id: string }): Promise<void> {
    this.sends.set(notification.id, (this.sends.get(notification.id) ?? 0) + 1);
  }
}

describeWith(['NATS_URL', 'TEST_DATABASE_URL'])('a broker outage', () => {
  let proxy: TcpProxy;
  let env: Record<string, string>;
  let orders: ScaleDatabase;
  let notifications: ScaleDatabase;
  let relayBus: EventBus;
  let consumerBus: EventBus;
  let relay: OutboxRelay;
  let consumer: RunningConsumer;
  const sender = new CountingSender();

  beforeAll(async () => {
    proxy = await TcpProxy.start(NATS_URL as string);
    env = testBusEnv({ NATS_URL: proxy.url });
    orders = await openScaleDatabase('orders');
    notifications = await openScaleDatabase('notifications');
    relayBus = await createEventBus(env, log);
    consumerBus = await createEventBus(env, log);
    relay = new OutboxRelay(orders.db, relayBus, log, { intervalMs: 100 });
    relay.start();
    consumer = await startNotificationConsumer({ db: notifications.db, bus: consumerBus, log, sender });
  });
  afterAll(async () => {
    await relay?.stop();
    await consumer?.stop();
    await proxy?.restore();
    await relayBus?.close();
    await consumerBus?.close();
    await proxy?.stop();
    await deleteStreams(env);
    await orders?.cleanup();
    await notifications?.cleanup();
  });

  test('When NATS is cut off for a few seconds mid-run, then every write succeeds, the outbox holds the events, and all are delivered once it is back', async () => {
    const changes = await prepareChanges(orders.db, 3 * PER_PHASE);
    await runChanges(changes.slice(0, PER_PHASE), 4);
    await eventually(() => notificationsByEvent(notifications.db), (n) => n.perEvent.size === PER_PHASE);
    const connectionsBefore = proxy.connections;

    await proxy.cut();
    await runChanges(changes.slice(PER_PHASE, 2 * PER_PHASE), 4); // rejects if a single write fails
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const duringOutage = await outboxState(orders.db);
    const notifiedDuringOutage = (await notificationsByEvent(notifications.db)).perEvent.size;
    await proxy.restore();
    await runChanges(changes.slice(2 * PER_PHASE), 4);

    const notified = await eventually(
      () => notificationsByEvent(notifications.db),
      (n) => n.perEvent.size >= 3 * PER_PHASE && n.pending === 0,
      30_000,
    );
    expect(duringOutage.unpublished).toBe(PER_PHASE);
    expect(notifiedDuringOutage).toBe(PER_PHASE);
    const after = await outboxState(orders.db);
    expect(after.ids).toHaveLength(3 * PER_PHASE);
    expect(after.unpublished).toBe(0);
    expect([...notified.perEvent.keys()].sort()).toEqual([...after.ids].sort());
    expect([...notified.perEvent.values()].every((n) => n === 1)).toBe(true);
    expect(sender.sends.size).toBe(3 * PER_PHASE);
    expect([...sender.sends.values()].every((n) => n === 1)).toBe(true);
    expect(proxy.connections).toBeGreaterThanOrEqual(connectionsBefore + 2); // both buses reconnected through the proxy
  }, 60_000);
});
