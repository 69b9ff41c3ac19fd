import { join } from 'node:path';
import { openDatabase, type Database } from '../../../common/db';
import { InProcessEventBus, type DomainEvent } from '../../../common/events';
import { createLogger } from '../../../common/logger';
import { migrate } from '../../../common/migrate';
import { testDatabase } from '../../../test/support/database';
import { recordEvent } from '../outbox';
import { OutboxRelay } from '../relay';

const log = createLogger('relay-test', { LOG_LEVEL: 'silent' });
const options = testDatabase('relay');
let db: Database;

beforeAll(async () => {
  db = await openDatabase(options);
  await migrate(db, join(__dirname, '..', 'migrations'));
});
afterAll(async () => {
  await db?.close();
  await options.cleanup();
});
beforeEach(() => db.query('DELETE FROM outbox'));

async function unpublished(): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
  return row.n;
}

describe('the outbox relay', () => {
  test('When events are recorded, then the relay publishes each once, in order, and marks them', async () => {
    const bus = new InProcessEventBus();
    const seen: DomainEvent[] = [];
    await bus.subscribe('test', async (event) => void seen.push(event));
    for (let i = 0; i < 5; i++) await recordEvent(db, 'Thing', { i });
    const relay = new OutboxRelay(db, bus, log, { batchSize: 2 });
    relay.kick();
    await relay.drain();
    expect(seen.map((e) => e.payload.i)).toEqual([0, 1, 2, 3, 4]);
    expect(seen.every((e) => e.source === 'orders' && typeof e.id === 'string')).toBe(true);
    expect(await unpublished()).toBe(0);
    relay.kick();
    await relay.drain();
    expect(seen).toHaveLength(5);
  });

  test('When no consumer is there yet, then events stay in the outbox and go out on a later run', async () => {
    const bus = new InProcessEventBus();
    await recordEvent(db, 'Thing', { i: 1 });
    await recordEvent(db, 'Thing', { i: 2 });
    const relay = new OutboxRelay(db, bus, log);
    relay.kick();
    await relay.drain();
    expect(await unpublished()).toBe(2);
    const [first] = await db.query<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM outbox ORDER BY seq LIMIT 1');
    expect(first.attempts).toBe(1);

    const seen: number[] = [];
    await bus.subscribe('late', async (event) => void seen.push(event.payload.i as number));
    relay.kick();
    await relay.drain();
    expect(seen).toEqual([1, 2]);
    expect(await unpublished()).toBe(0);
  });

  test('When a consumer fails on one event every time, then that event becomes a dead letter and the events after it are delivered, in order', async () => {
    const bus = new InProcessEventBus({ maxDeliver: 3, retryDelayMs: 1 });
    const seen: number[] = [];
    let attemptsOnBad = 0;
    await bus.subscribe('picky', async (event) => {
      if (event.payload.i === 2) {
        attemptsOnBad++;
        throw new Error('cannot handle 2');
      }
      seen.push(event.payload.i as number);
    });
    for (let i = 1; i <= 4; i++) await recordEvent(db, 'Thing', { i });
    const relay = new OutboxRelay(db, bus, log);
    relay.kick();
    await relay.drain();
    expect(seen).toEqual([1, 3, 4]);
    expect(attemptsOnBad).toBe(3);
    expect(await unpublished()).toBe(0);
    expect(bus.deadLetters().map((d) => [d.consumer, d.event.payload.i, d.deliveries, d.reason])).toEqual([
      ['picky', 2, 3, 'failed 3 times: Error: cannot handle 2'],
    ]);
  });

  test('When a change rolls back, then its event is never published', async () => {
    await expect(
      db.transaction(async (tx) => {
        await recordEvent(tx, 'Thing', { i: 9 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await unpublished()).toBe(0);
  });
});
