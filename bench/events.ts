/**
 * `npx tsx bench/events.ts`: the event path measured on loopback, in-process bus versus NATS JetStream.
 *  1. bus alone: events/s from `publish` (awaited one by one, as the relay does) to a no-op handler;
 *  2. outbox to stored notification: events/s for a backlog of OrderCancelled events through the
 *     outbox relay, the bus and Notifications' consumer (recorded and marked DELIVERED);
 *  3. delay from calling cancelOrder to its notification being stored, p50/p99, one at a time.
 * Env: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), NATS_URL (default
 * nats://127.0.0.1:4222), BENCH_EVENTS (2000), BENCH_SAMPLES (200). Its schemas and streams are removed after.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createEventBus } from '../common/bus/createEventBus';
import { EventType } from '../common/eventContracts';
import { InProcessEventBus, type DomainEvent, type EventBus, type EventHandler } from '../common/events';
import { createLogger } from '../common/logger';
import { startNotificationConsumer } from '../subgraphs/notifications/consumer';
import type { NotificationSender } from '../subgraphs/notifications/sender';
import { recordEvent } from '../subgraphs/orders/outbox';
import { OutboxRelay } from '../subgraphs/orders/relay';
import { deleteStreams, testBusEnv } from '../test/scale/events/support/busEnv';
import { openScaleDatabase, prepareChanges } from '../test/scale/events/support/ordersWorkload';

process.env.TEST_DATABASE_URL ||= 'postgres://postgres@127.0.0.1:5432/test';
process.env.NATS_URL ||= 'nats://127.0.0.1:4222';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const log = createLogger('bench', { LOG_LEVEL: 'silent' });
const quietSender: NotificationSender = { send: async () => undefined };

type Kind = 'in-process' | 'jetstream';

/** Runs `fn` with a fresh bus pair (publisher, consumer side) of the kind; cleans up after. */
async function withBuses<T>(kind: Kind, fn: (publisher: EventBus, consumer: EventBus) => Promise<T>): Promise<T> {
  if (kind === 'in-process') {
    const bus = new InProcessEventBus();
    return fn(bus, bus).finally(() => bus.close());
  }
  const env = testBusEnv({ NATS_URL: process.env.NATS_URL as string, NATS_ACK_WAIT_MS: '30000', NATS_PUBLISH_TIMEOUT_MS: '5000' });
  const publisher = await createEventBus(env, log);
  const consumer = await createEventBus(env, log);
  try {
    return await fn(publisher, consumer);
  } finally {
    await publisher.close();
    await consumer.close();
    await deleteStreams(env);
  }
}

/** Calls `onHandled` once the consumer's handler has finished with an event (for Notifications: stored). */
function observed(bus: EventBus, onHandled: (event: DomainEvent) => void): EventBus {
  return {
    publish: (event) => bus.publish(event),
    subscribe: (consumer: string, handler: EventHandler) => bus.subscribe(consumer, async (event) => {
      await handler(event);
      onHandled(event);
    }),
    close: () => bus.close(),
  };
}

function waitFor(count: () => number, target: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (count() >= target ? resolve() : setTimeout(poll, 1));
    poll();
  });
}

async function busAlone(kind: Kind): Promise<number> {
  return withBuses(kind, async (publisher, consumer) => {
    let handled = 0;
    await consumer.subscribe('bench', async () => void handled++);
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      await publisher.publish({ id: randomUUID(), type: 'BenchEvent', source: 'orders', occurredAt: new Date().toISOString(), payload: { i } });
    }
    await waitFor(() => handled, EVENTS);
    return EVENTS / ((performance.now() - started) / 1000);
  });
}

async function outboxToNotification(kind: Kind): Promise<number> {
  const orders = await openScaleDatabase('orders');
  const notifications = await openScaleDatabase('notifications');
  try {
    for (let from = 0; from < EVENTS; from += 500) {
      await orders.db.transaction(async (tx) => {
        for (let i = from; i < Math.min(from + 500, EVENTS); i++) {
          await recordEvent(tx, EventType.OrderCancelled, {
            orderNumber: `B-${i}`, customerId: `BC-${i}`, reason: 'OUT_OF_STOCK', message: 'Out of stock.', cancelledAt: new Date().toISOString(),
          });
        }
      });
    }
    return await withBuses(kind, async (publisher, consumerBus) => {
      let stored = 0;
      const consumer = await startNotificationConsumer({ db: notifications.db, bus: observed(consumerBus, () => stored++), log, sender: quietSender });
      const relay = new OutboxRelay(orders.db, publisher, log, { batchSize: 100 });
      const started = performance.now();
      relay.kick();
      await waitFor(() => stored, EVENTS);
      const perSecond = EVENTS / ((performance.now() - started) / 1000);
      await relay.stop();
      await consumer.stop();
      return perSecond;
    });
  } finally {
    await orders.cleanup();
    await notifications.cleanup();
  }
}

async function cancelToNotification(kind: Kind): Promise<{ p50: number; p99: number }> {
  const orders = await openScaleDatabase('orders');
  const notifications = await openScaleDatabase('notifications');
  try {
    // Every third change in the workload is a return: take the cancellations only.
    const changes = (await prepareChanges(orders.db, Math.ceil(SAMPLES * 1.5))).filter((_, i) => (i + 1) % 3 !== 0).slice(0, SAMPLES);
    return await withBuses(kind, async (publisher, consumerBus) => {
      let stored = 0;
      const consumer = await startNotificationConsumer({ db: notifications.db, bus: observed(consumerBus, () => stored++), log, sender: quietSender });
      const relay = new OutboxRelay(orders.db, publisher, log);
      relay.start();
      const delays: number[] = [];
      for (const cancel of changes) {
        const started = performance.now();
        await cancel();
        relay.kick(); // what the mutation's afterCommit does
        await waitFor(() => stored, delays.length + 1);
        delays.push(performance.now() - started);
      }
      await relay.stop();
      await consumer.stop();
      delays.sort((a, b) => a - b);
      const at = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)];
      return { p50: at(0.5), p99: at(0.99) };
    });
  } finally {
    await orders.cleanup();
    await notifications.cleanup();
  }
}

async function main(): Promise<void> {
  const rows: Record<string, Record<Kind, string>> = { 'bus alone (events/s)': {} as never, 'outbox -> stored notification (events/s)': {} as never, 'cancelOrder -> stored notification p50 / p99 (ms)': {} as never };
  for (const kind of ['in-process', 'jetstream'] as const) {
    rows['bus alone (events/s)'][kind] = (await busAlone(kind)).toFixed(0);
    rows['outbox -> stored notification (events/s)'][kind] = (await outboxToNotification(kind)).toFixed(0);
    const { p50, p99 } = await cancelToNotification(kind);
    rows['cancelOrder -> stored notification p50 / p99 (ms)'][kind] = `${p50.toFixed(1)} / ${p99.toFixed(1)}`;
  }
  console.log(`events: ${EVENTS}, latency samples: ${SAMPLES}, PostgreSQL ${process.env.TEST_DATABASE_URL}, NATS ${process.env.NATS_URL}`);
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
