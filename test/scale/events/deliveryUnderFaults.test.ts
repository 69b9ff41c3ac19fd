import { randomBytes } from 'node:crypto';
import { generateIdentityKeyPair } from '../../../common/identityKeys';
import { loadAuthConfig } from '../../../gateway/auth/authConfig';
import { Balancer } from './support/balancer';
import { deleteStreams, describeWith, eventually, storedEvents, testBusEnv, TEST_DATABASE_URL } from './support/busEnv';
import { orderEffects, sendChange, sendChanges, tokensFor } from './support/graphChanges';
import { notificationsByEvent, openScaleDatabase, outboxState, seedChangeableOrders, type ScaleDatabase } from './support/ordersWorkload';
import { crash, freePort, startWorker, stopWorker, type Worker, type WorkerKind } from './support/workers';

/**
 * The deployment of "Running at scale" as processes on the real PostgreSQL and NATS, compiled as
 * the container image runs them: two gateways, two Orders processes behind one URL (each runs an
 * outbox relay), and two Notifications processes (each a consumer of the one durable consumer). Cancellations and
 * returns go over HTTP, split across both gateways, with customers' and agents' tokens; a third
 * of the way in one Orders process and one Notifications process are SIGKILLed and started again.
 * SCALE_EVENTS sets how many changes (default 1,000).
 */
const EVENTS = Number(process.env.SCALE_EVENTS ?? 1000);
const IN_FLIGHT = 20;
const CONSUMER_CONCURRENCY = 8;

describeWith(['NATS_URL', 'TEST_DATABASE_URL'])('delivery under faults, the graph as processes', () => {
  // The ack wait bounds how soon the killed consumer's deliveries come back; 10 s, not less, so that a
  // consumer slowed by a loaded CI machine is not mistaken for a dead one (and its events dead-lettered).
  const env = testBusEnv({ NATS_ACK_WAIT_MS: '10000', NATS_MAX_DELIVER: '5', NATS_CONSUMER_CONCURRENCY: String(CONSUMER_CONCURRENCY) });
  // Secrets of this run only, as a deployment sets them: no demo defaults anywhere.
  const identityPair = generateIdentityKeyPair();
  const supportPair = generateIdentityKeyPair('ES256');
  const secrets = {
    JWT_SECRET: randomBytes(24).toString('hex'),
    JWT_ISSUER: 'https://id.scale.example/',
    JWT_AUDIENCE: 'customer-graph-scale',
    IDENTITY_PRIVATE_KEY: identityPair.privateJwk,
    IDENTITY_PUBLIC_KEY: identityPair.publicJwk,
    SUPPORT_IDENTITY_PRIVATE_KEY: supportPair.privateJwk,
    SUPPORT_IDENTITY_PUBLIC_KEY: supportPair.publicJwk,
    DEMO_MODE: 'false',
  };
  const workers: Worker[] = [];
  const balancers: Balancer[] = [];
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
    await Promise.all(balancers.map((b) => b.stop()));
    await deleteStreams(env);
    await orders?.cleanup();
    await notifications?.cleanup();
  });

  /** A subgraph process on a port of its own, which it takes again when restarted. */
  function startSubgraph(name: 'orders' | 'notifications', port: number): Worker {
    const database = name === 'orders' ? orders : notifications;
    const prefix = name.toUpperCase();
    return start(name, {
      DATABASE_URL: TEST_DATABASE_URL as string,
      [`${prefix}_DATABASE_SCHEMA`]: database.options.schema as string,
      [`${prefix}_PORT`]: String(port),
      DEMO_DATA: 'false',
    });
  }

  function start(kind: WorkerKind, own: Record<string, string>): Worker {
    const worker: Worker = startWorker(
      kind,
      { ...env, ...secrets, HOST: '127.0.0.1', ...own },
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

  test(`When ${EVENTS} cancellations and returns go through two gateways while one Orders and one Notifications process are SIGKILLed and restarted, then each event is notified exactly once and the outbox is empty`, async () => {
    const changes = await seedChangeableOrders(orders.db, EVENTS);
    const tokens = await tokensFor(loadAuthConfig(secrets), changes);
    const ordersPorts = [await freePort(), await freePort()];
    const notificationsPorts = [await freePort(), await freePort()];
    const ordersProcesses = ordersPorts.map((port) => startSubgraph('orders', port));
    const notificationsProcesses = notificationsPorts.map((port) => startSubgraph('notifications', port));
    const ordersUrls = ordersPorts.map((port) => `http://127.0.0.1:${port}/graphql`);
    const ordersBalancer = await Balancer.start(ordersUrls);
    const notificationsBalancer = await Balancer.start(notificationsPorts.map((port) => `http://127.0.0.1:${port}/graphql`));
    balancers.push(ordersBalancer, notificationsBalancer);
    const gatewayPorts = [await freePort(), await freePort()];
    const gateways = gatewayPorts.map((port) =>
      start('gateway', { PORT: String(port), ORDERS_URL: ordersBalancer.url, NOTIFICATIONS_URL: notificationsBalancer.url }),
    );
    await Promise.all([...ordersProcesses, ...notificationsProcesses, ...gateways].map((w) => w.ready));
    const gatewayUrls = gatewayPorts.map((port) => `http://127.0.0.1:${port}/graphql`);

    const killedConsumer = notificationsProcesses[1];
    let notifiedAtCrash = -1;
    let servedByKilledOrders = 0;
    const started = Date.now();
    const sent = await sendChanges(gatewayUrls, changes, tokens, IN_FLIGHT, async (done) => {
      if (done !== Math.floor(EVENTS / 3)) return;
      servedByKilledOrders = ordersBalancer.served[1];
      await Promise.all([crash(ordersProcesses[1]), crash(killedConsumer)]);
      notifiedAtCrash = (await notificationsByEvent(notifications.db)).perEvent.size;
      ordersProcesses[1] = startSubgraph('orders', ordersPorts[1]);
      notificationsProcesses[1] = startSubgraph('notifications', notificationsPorts[1]);
    });
    const sendingMs = Date.now() - started;
    await Promise.all([ordersProcesses[1].ready, notificationsProcesses[1].ready]); // both came back

    // Only a change in flight on the killed Orders process may fail, as the gateway's subgraph
    // error; it is all or nothing (changed with its one event, or untouched), and a client that
    // sends an untouched one again succeeds.
    expect(sent).toHaveLength(EVENTS);
    expect(sent.filter((s) => s.gateway === 0).length).toBe(Math.ceil(EVENTS / 2));
    const failed = sent.filter((s) => s.errorCodes.length > 0);
    expect(failed.length).toBeLessThanOrEqual(IN_FLIGHT);
    expect([...new Set(failed.flatMap((s) => s.errorCodes))].filter((code) => code !== 'SUBGRAPH_UNAVAILABLE')).toEqual([]);
    const afterFailure = await orderEffects(orders.db, failed.map((s) => s.order));
    expect([...afterFailure.values()].filter((e) => e.events !== (e.changed ? 1 : 0))).toEqual([]);
    for (const retry of failed.filter((s) => !afterFailure.get(s.order.orderNumber)?.changed)) {
      expect(await sendChange(gatewayUrls[(retry.gateway + 1) % 2], retry.authorization, retry.order)).toEqual([]);
    }
    const effects = await orderEffects(orders.db, changes);
    expect([...effects.entries()].filter(([, e]) => !e.changed || e.events !== 1)).toEqual([]);

    const settled = await eventually(
      async () => ({ outbox: await outboxState(orders.db), notified: await notificationsByEvent(notifications.db) }),
      (s) => s.outbox.unpublished === 0 && s.notified.perEvent.size >= EVENTS && s.notified.pending === 0,
      90_000,
      250,
    );
    expect(servedByKilledOrders).toBeGreaterThan(0); // the killed relay's process was taking writes (each kicks its relay)
    expect(notifiedAtCrash).toBeGreaterThanOrEqual(0);
    expect(notifiedAtCrash).toBeLessThan(EVENTS); // the crash really came mid-run
    expect(sentBy.get(killedConsumer) ?? 0).toBeGreaterThan(0); // and hit a consumer that was working
    expect(settled.outbox.ids).toHaveLength(EVENTS);
    expect(settled.outbox.unpublished).toBe(0);
    expect([...settled.notified.perEvent.keys()].sort()).toEqual([...settled.outbox.ids].sort());
    expect([...settled.notified.perEvent.values()].every((n) => n === 1)).toBe(true);
    expect(await storedEvents(env, 'orders')).toBe(EVENTS); // a republish by a restarted relay was stored once

    // Every notification went out; only one the killed consumer had sent but not yet marked may go twice.
    // A sent line is written before its row is marked, but this process may read the pipe a moment
    // after it reads the database: wait for the lines (a lost one still fails the check below).
    const ids = await eventually(
      () => notifications.db.query<{ id: string }>('SELECT id FROM notifications WHERE event_id IS NOT NULL'),
      (rows) => rows.every(({ id }) => sends.has(id)),
      10_000,
    ).catch(() => notifications.db.query<{ id: string }>('SELECT id FROM notifications WHERE event_id IS NOT NULL'));
    expect(ids.filter(({ id }) => !sends.has(id))).toEqual([]);
    const sentTwice = [...sends.values()].filter((n) => n > 1).length;
    expect(sentTwice).toBeLessThanOrEqual(CONSUMER_CONCURRENCY);
    console.info(
      `${EVENTS} changes over 2 gateways in ${sendingMs} ms (${Math.round((EVENTS * 1000) / sendingMs)}/s, ${IN_FLIGHT} in flight); ` +
        `Orders processes served ${ordersBalancer.served.join(' + ')} (the killed one ${servedByKilledOrders} before its crash); ` +
        `${failed.length} cut off by the kill ` +
        `(${failed.filter((s) => afterFailure.get(s.order.orderNumber)?.changed).length} of them written); ${sentTwice} notifications sent twice`,
    );
  }, 240_000);
});
