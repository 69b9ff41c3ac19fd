import { deleteStreams, describeWith, eventually, storedEvents, testBusEnv, TEST_DATABASE_URL } from './support/busEnv';
import { notificationsByEvent, openScaleDatabase, outboxState, prepareChanges, runChanges, type ScaleDatabase } from './support/ordersWorkload';
import { crash, startWorker, stopWorker, type Worker, type WorkerKind } from './support/workers';

/**
 * Two outbox relays and two Notifications consumers as separate processes on the real PostgreSQL
 * and NATS, while cancellations and returns are written; one relay and one consumer are SIGKILLed
 * a third of the way in and started again. SCALE_EVENTS sets how many changes (default 300).
 */
const EVENTS = Number(process.env.SCALE_EVENTS ?? 300);
const CONSUMER_CONCURRENCY = 8;

describeWith(['NATS_URL', 'TEST_DATABASE_URL'])('delivery under faults, relays and consumers as processes', () => {
  const env = testBusEnv({ NATS_ACK_WAIT_MS: '3000', NATS_MAX_DELIVER: '5', NATS_CONSUMER_CONCURRENCY: String(CONSUMER_CONCURRENCY) });
  const workers: Worker[] = [];
  const sends = new Map<string, number>();
  const sentBy = new Map<Worker, number>();
  let orders: ScaleDatabase;
  let notifications: ScaleDatabase;

  beforeAll(async () => {
    orders = await openScaleDatabase('orders');
    notifications = await openScaleDatabase('notifications');
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await deleteStreams(env);
    await orders?.cleanup();
    await notifications?.cleanup();
  });

  function start(kind: WorkerKind): Worker {
    const database = kind === 'relay' ? orders : notifications;
    const worker: Worker = startWorker(
      kind,
      { ...env, DATABASE_URL: TEST_DATABASE_URL as string, DATABASE_SCHEMA: database.options.schema, RELAY_INTERVAL_MS: '100' },
      {
        onSent: (id) => {
          sends.set(id, (sends.get(id) ?? 0) + 1);
          sentBy.set(worker, (sentBy.get(worker) ?? 0) + 1);
        },
      },
    );
    workers.push(worker);
    return worker;
  }

  test(`When one relay and one consumer are SIGKILLed mid-run and restarted, then each of ${EVENTS} events is notified exactly once and the outbox is empty`, async () => {
    const changes = await prepareChanges(orders.db, EVENTS);
    const relays = [start('relay'), start('relay')];
    const consumers = [start('consumer'), start('consumer')];
    await Promise.all([...relays, ...consumers].map((w) => w.ready));
    let notifiedAtCrash = -1;
    const killedConsumer = consumers[0];

    await runChanges(changes, 4, async (done) => {
      if (done !== Math.floor(EVENTS / 3)) return;
      await Promise.all([crash(relays[0]), crash(killedConsumer)]);
      notifiedAtCrash = (await notificationsByEvent(notifications.db)).perEvent.size;
      relays[0] = start('relay');
      consumers[0] = start('consumer');
    });

    const settled = await eventually(
      async () => ({ outbox: await outboxState(orders.db), notified: await notificationsByEvent(notifications.db) }),
      (s) => s.outbox.unpublished === 0 && s.notified.perEvent.size >= EVENTS && s.notified.pending === 0,
      90_000,
      250,
    );
    expect(notifiedAtCrash).toBeGreaterThanOrEqual(0);
    expect(notifiedAtCrash).toBeLessThan(EVENTS); // the crash really came mid-run
    expect(sentBy.get(killedConsumer) ?? 0).toBeGreaterThan(0); // and hit a consumer that was working
    expect(settled.outbox.ids).toHaveLength(EVENTS);
    expect(settled.outbox.unpublished).toBe(0);
    expect([...settled.notified.perEvent.keys()].sort()).toEqual([...settled.outbox.ids].sort());
    expect([...settled.notified.perEvent.values()].every((n) => n === 1)).toBe(true);
    expect(await storedEvents(env)).toBe(EVENTS); // a republish by a restarted relay was stored once

    // Every notification went out; only one the killed consumer had sent but not yet marked may go twice.
    const ids = await notifications.db.query<{ id: string }>('SELECT id FROM notifications WHERE event_id IS NOT NULL');
    expect(ids.filter(({ id }) => !sends.has(id))).toEqual([]);
    const sentTwice = [...sends.values()].filter((n) => n > 1).length;
    expect(sentTwice).toBeLessThanOrEqual(CONSUMER_CONCURRENCY);
    console.info(`${EVENTS} events through 2 relays and 2 consumers with one of each killed: ${sentTwice} sent twice`);
  }, 180_000);
});
