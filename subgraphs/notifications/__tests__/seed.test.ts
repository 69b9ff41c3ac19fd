import { openDatabase, type Database } from '../../../common/db';
import { migrate } from '../../../common/migrate';
import { buildDemoWorld } from '../../../demo/world';
import { testDatabase } from '../../../test/support/database';
import { createNotificationsService } from '../service';
import { seed } from '../seed';

const INSERT_ONE = `INSERT INTO notifications (customer_id, channel, topic, subject, body, sent_at, delivery_status)
  VALUES ('CUS-000001', 'EMAIL', 'PROMOTION', 's', 'b', now(), 'PENDING') RETURNING id`;

describe('seeding notifications', () => {
  const database = testDatabase('ntfseed');
  let db: Database;

  beforeAll(async () => {
    db = await openDatabase(database);
    await migrate(db, createNotificationsService().migrationsDir);
  });

  afterAll(async () => {
    await db?.close();
    await database.cleanup();
  });

  test('When the world has 10,000 customers, then every notification is written in a handful of statements', async () => {
    const world = buildDemoWorld({ customers: 10_000 });
    const before = db.stats.statements;

    await seed(db, world);

    expect(db.stats.statements - before).toBeLessThanOrEqual(Math.ceil(world.notifications.length / 5000) + 3);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE delivery_status = 'DELIVERED'`);
    expect(n).toBe(world.notifications.length);
    const [dana] = await db.query<{ case_number: string | null; order_number: string | null; sent_at: Date }>(
      `SELECT case_number, order_number, sent_at FROM notifications WHERE id = 'NTF-0000001'`,
    );
    expect(dana).toEqual({ case_number: 'CS-482913', order_number: null, sent_at: world.notifications[0].sentAt });
  });

  test('When a notification is recorded after seeding, then its id lies above every seeded id', async () => {
    const [row] = await db.query<{ id: string }>(INSERT_ONE);

    expect(row.id).toMatch(/^NTF-\d{7,}$/);
    expect(Number(row.id.slice(4))).toBeGreaterThanOrEqual(5_000_000);
  });

  test('When a seeded id already lies above the sequence start, then new ids continue after it', async () => {
    const other = testDatabase('ntfseedhigh');
    const highDb = await openDatabase(other);
    try {
      await migrate(highDb, createNotificationsService().migrationsDir);
      const world = buildDemoWorld({ customers: 0 });
      world.notifications = [{ ...world.notifications[0], id: 'NTF-7000000' }];
      await seed(highDb, world);

      const [row] = await highDb.query<{ id: string }>(INSERT_ONE);

      expect(row.id).toBe('NTF-7000001');
    } finally {
      await highDb.close();
      await other.cleanup();
    }
  });
});
