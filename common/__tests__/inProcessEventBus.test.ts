import { createEventBus } from '../bus/createEventBus';
import { InProcessEventBus, PermanentEventError, type DomainEvent } from '../events';
import { createLogger } from '../logger';
import { deadLetteredEvents } from '../processMetrics';

const event = (i: number, customerId = 'CUS-1'): DomainEvent => ({
  id: `e-${i}`,
  type: 'Thing',
  source: 'orders',
  occurredAt: new Date(0).toISOString(),
  payload: { i, customerId },
});

describe('the in-process event bus', () => {
  test('When a consumer fails once, then the event is delivered again after a delay and publish resolves', async () => {
    const bus = new InProcessEventBus({ retryDelayMs: 1 });
    let failures = 1;
    const seen: number[] = [];
    await bus.subscribe('flaky', async (e) => {
      if (failures-- > 0) throw new Error('consumer down');
      seen.push(e.payload.i as number);
    });
    await bus.publish(event(1));
    expect(seen).toEqual([1]);
    expect(bus.deadLetters()).toEqual([]);
  });

  test('When a consumer keeps failing on one event, then after maxDeliver deliveries it is a dead letter and the later events of the same customer follow in order', async () => {
    const bus = new InProcessEventBus({ maxDeliver: 4, retryDelayMs: 1 });
    const seen: number[] = [];
    const letters: string[] = [];
    const onDeadLetter = jest.fn();
    const withHook = new InProcessEventBus({ maxDeliver: 4, retryDelayMs: 1, onDeadLetter });
    for (const b of [bus, withHook]) {
      await b.subscribe('notifications', async (e) => {
        if (e.payload.i === 2) throw new Error('broken template');
        seen.push(e.payload.i as number);
      });
    }
    for (let i = 1; i <= 4; i++) await bus.publish(event(i));
    expect(seen).toEqual([1, 3, 4]);
    for (const letter of bus.deadLetters()) letters.push(`${letter.consumer} ${letter.event.id} ${letter.deliveries} ${letter.reason}`);
    expect(letters).toEqual(['notifications e-2 4 failed 4 times: Error: broken template']);

    await withHook.publish(event(2));
    expect(onDeadLetter).toHaveBeenCalledWith(expect.objectContaining({ consumer: 'notifications', deliveries: 4 }));
  });

  test('When a consumer throws a PermanentEventError, then the event is a dead letter at once, without retries', async () => {
    const bus = new InProcessEventBus({ retryDelayMs: 1 });
    const handler = jest.fn(async () => {
      throw new PermanentEventError('lacks message');
    });
    await bus.subscribe('notifications', handler);
    await bus.publish(event(1));
    expect(handler).toHaveBeenCalledTimes(1);
    expect(bus.deadLetters()[0].reason).toBe('permanent failure: PermanentEventError: lacks message');
  });

  test('When one consumer fails, then the other consumers still get the event once', async () => {
    const bus = new InProcessEventBus({ maxDeliver: 2, retryDelayMs: 1 });
    const other = jest.fn(async () => undefined);
    await bus.subscribe('bad', async () => {
      throw new Error('no');
    });
    await bus.subscribe('good', other);
    await bus.publish(event(1));
    expect(other).toHaveBeenCalledTimes(1);
    expect(bus.deadLetters().map((d) => d.consumer)).toEqual(['bad']);
  });

  test('When the default bus (no NATS_URL) dead-letters an event, then it is logged with the event and counted in events_dead_lettered_total', async () => {
    const lines: string[] = [];
    const log = createLogger('bus-test', { LOG_LEVEL: 'error' });
    const spy = jest.spyOn(log, 'error').mockImplementation(((obj: unknown, msg: string) => void lines.push(`${msg} ${JSON.stringify(obj)}`)) as never);
    const bus = await createEventBus({}, log);
    expect(bus).toBeInstanceOf(InProcessEventBus);
    const before = (await deadLetteredEvents.get()).values.find((v) => v.labels.consumer === 'metric-test')?.value ?? 0;
    await bus.subscribe('metric-test', async () => {
      throw new PermanentEventError('bad payload');
    });
    await bus.publish(event(7));
    const after = (await deadLetteredEvents.get()).values.find((v) => v.labels.consumer === 'metric-test' && v.labels.bus === 'in-process')?.value;
    expect(after).toBe(before + 1);
    expect(lines).toEqual([expect.stringMatching(/^event sent to the dead letters .*"eventId":"e-7".*"reason":"permanent failure: PermanentEventError: bad payload"/)]);
    spy.mockRestore();
    await bus.close();
  });

  test('When a watcher throws, then the failure is logged with the event id and the consumers still get the event', async () => {
    const log = createLogger('bus-test', { LOG_LEVEL: 'warn' });
    const warned: unknown[][] = [];
    const spy = jest.spyOn(log, 'warn').mockImplementation(((...args: unknown[]) => void warned.push(args)) as never);
    const bus = await createEventBus({}, log);
    const consumer = jest.fn(async () => undefined);
    await bus.subscribe('after-watcher', consumer);
    await bus.watch!(() => {
      throw new Error('screen gone');
    });
    await bus.publish(event(9));
    expect(consumer).toHaveBeenCalledTimes(1);
    expect(warned).toEqual([[expect.objectContaining({ eventId: 'e-9', err: expect.objectContaining({ message: 'screen gone' }) }), 'live feed watcher failed']]);
    spy.mockRestore();
    await bus.close();
  });
});
