import { randomUUID } from 'node:crypto';
import { createEventBus } from '../../../common/bus/createEventBus';
import { NatsEventBus } from '../../../common/bus/natsEventBus';
import type { DomainEvent, EventBus } from '../../../common/events';
import { createLogger } from '../../../common/logger';
import { busConfig, deadLetters, deleteStreams, describeWith, eventually, storedEvents, testBusEnv, NATS_URL, type BusEnv } from './support/busEnv';
import { TcpProxy } from './support/tcpProxy';

/**
 * The JetStream event bus against the NATS server of NATS_URL. Each test has a stream of its own:
 * a new durable consumer starts at the beginning of its stream, so a shared one would hand every
 * test the events of the tests before it.
 */
const log = createLogger('bus-test', { LOG_LEVEL: 'silent' });
const envs: BusEnv[] = [];
const buses: EventBus[] = [];
let env: BusEnv;

async function bus(overrides: Record<string, string> = {}): Promise<EventBus> {
  const created = await createEventBus({ ...env, ...overrides }, log);
  buses.push(created);
  return created;
}

function event(type = 'OrderCancelled', payload: Record<string, unknown> = {}): DomainEvent {
  return { id: randomUUID(), type, source: 'orders', occurredAt: new Date().toISOString(), payload };
}

/** Collects what a handler was given, by event id. */
function recorder() {
  const handled: string[] = [];
  return { handled, handler: async (e: DomainEvent) => void handled.push(e.id) };
}

describeWith(['NATS_URL'])('the NATS JetStream event bus', () => {
  beforeEach(() => {
    env = testBusEnv();
    envs.push(env);
  });
  afterAll(async () => {
    for (const b of buses) await b.close().catch(() => undefined);
    for (const e of envs) await deleteStreams(e);
  });

  test('When NATS_URL is set, then createEventBus gives the JetStream bus', async () => {
    expect(await bus()).toBeInstanceOf(NatsEventBus);
  });

  test('When an event is published, then every consumer name gets it once, intact', async () => {
    const publisher = await bus();
    const a = recorder();
    const b = recorder();
    await (await bus()).subscribe('fanout-a', a.handler);
    await (await bus()).subscribe('fanout-b', b.handler);
    const sent = event('ReturnRequested', { orderNumber: '42', amount: '19.99' });
    const received: DomainEvent[] = [];
    await (await bus()).subscribe('fanout-c', async (e) => void received.push(e));

    await publisher.publish(sent);

    await eventually(async () => [a.handled.length, b.handled.length, received.length], (n) => n.every((x) => x >= 1));
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrong second delivery
    expect(a.handled).toEqual([sent.id]);
    expect(b.handled).toEqual([sent.id]);
    expect(received).toEqual([sent]);
  });

  test('When a relay publishes the same event id again (after a crash), then the stream stores it once and it is handled once', async () => {
    const publisher = await bus();
    const consumer = recorder();
    await (await bus()).subscribe('dedup', consumer.handler);
    const before = await storedEvents(env);
    const sent = event();

    await publisher.publish(sent);
    await publisher.publish(sent);

    expect(await storedEvents(env)).toBe(before + 1);
    await eventually(async () => consumer.handled.length, (n) => n >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(consumer.handled).toEqual([sent.id]);
  });

  test('When two processes share a consumer name, then each event is handled by exactly one of them', async () => {
    const publisher = await bus();
    const first = recorder();
    const second = recorder();
    await (await bus()).subscribe('shared', first.handler);
    await (await bus()).subscribe('shared', second.handler);
    const sent = Array.from({ length: 40 }, () => event());

    for (const e of sent) await publisher.publish(e);

    const all = () => Promise.resolve([...first.handled, ...second.handled]);
    await eventually(all, (ids) => ids.length >= sent.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await all()).sort()).toEqual(sent.map((e) => e.id).sort());
  });

  test('When a handler fails, then the event is redelivered and acknowledged once it succeeds', async () => {
    const publisher = await bus();
    let attempts = 0;
    await (await bus()).subscribe('flaky', async () => {
      attempts++;
      if (attempts < 2) throw new Error('database busy');
    });

    await publisher.publish(event());

    await eventually(async () => attempts, (n) => n >= 2);
    await new Promise((resolve) => setTimeout(resolve, Number(env.NATS_ACK_WAIT_MS) + 500)); // past a redelivery of an unacked one
    expect(attempts).toBe(2);
  });

  test('When a consumer process dies without acknowledging, then another process of it gets the event after the ack wait', async () => {
    const proxy = await TcpProxy.start(NATS_URL as string);
    let release: () => void = () => undefined;
    try {
      const doomed = await bus({ NATS_URL: proxy.url });
      let takenByDoomed: string | undefined;
      await doomed.subscribe('crashy', (e) => {
        takenByDoomed = e.id;
        return new Promise<void>((resolve) => (release = resolve));
      });
      const publisher = await bus();
      const sent = event();
      await publisher.publish(sent);
      await eventually(async () => takenByDoomed, (id) => id === sent.id);

      await proxy.cut(); // the process is gone as far as the broker can tell: no ack will come
      const survivor = recorder();
      await (await bus()).subscribe('crashy', survivor.handler);

      const [redelivered] = await eventually(async () => survivor.handled, (ids) => ids.length >= 1, 10_000);
      expect(redelivered).toBe(sent.id);
    } finally {
      release();
      await proxy.stop();
    }
  });

  test('When a handler keeps failing, then after NATS_MAX_DELIVER attempts the event goes to the dead letters with the reason, and stops coming', async () => {
    const publisher = await bus();
    let attempts = 0;
    await (await bus()).subscribe('doomed', async () => {
      attempts++;
      throw new Error(`mail relay refused the address (attempt ${attempts})`);
    });
    const sent = event();

    await publisher.publish(sent);

    const letters = await eventually(() => deadLetters(env), (all) => all.some((l) => l.eventId === sent.id), 10_000);
    const letter = letters.find((l) => l.eventId === sent.id);
    expect(letter).toMatchObject({
      consumer: 'doomed',
      subject: `dead.${busConfig(env).subjectPrefix}.doomed`,
      deliveries: 3,
      reason: 'failed 3 times: Error: mail relay refused the address (attempt 3)',
    });
    await new Promise((resolve) => setTimeout(resolve, Number(env.NATS_ACK_WAIT_MS) + 500));
    expect(attempts).toBe(3);
  });
});
