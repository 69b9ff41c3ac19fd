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

  test('When no consumer is there yet or a consumer fails, then events stay in the outbox and go out on a later run', async () => {
    const bus = new InProcessEventBus();
    await recordEvent(db, 'Thing', { i: 1 });
    await recordEvent(db, 'Thing', { i: 2 });
    const relay = new OutboxRelay(db, bus, log);
    relay.kick();
    await relay.drain();
    expect(await unpublished()).toBe(2);

    let failures = 1;
    const seen: number[] = [];
    await bus.subscribe('flaky', async (event) => {
      if (failures-- > 0) throw new Error('consumer down');
      seen.push(event.payload.i as number);
    });
    relay.kick();
    await relay.drain();
    expect(seen).toEqual([]);
    const [first] = await db.query<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM outbox ORDER BY seq LIMIT 1');
    expect(first).toEqual({ attempts: 2, last_error: 'consumer down' });

    relay.kick();
    await relay.drain();
    expect(seen).toEqual([1, 2]);
    expect(await unpublished()).toBe(0);
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
