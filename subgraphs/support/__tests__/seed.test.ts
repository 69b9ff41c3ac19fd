import { openDatabase } from '../../../common/db';
import { migrate } from '../../../common/migrate';
import { buildDemoWorld } from '../../../demo/world';
import { testDatabase } from '../../../test/support/database';
import { insertCase } from '../repository';
import { seed } from '../seed';
import { join } from 'node:path';

describe('support seed', () => {
  const options = testDatabase('supportseed');
  afterAll(() => options.cleanup());

  test('When the world of 10,000 customers is seeded, then every case and interaction lands quickly in a few statements and new numbers come after them', async () => {
    const world = buildDemoWorld({ customers: 10_000 });
    const interactions = world.supportCases.reduce((n, c) => n + c.interactions.length, 0);
    const db = await openDatabase(options);
    try {
      await migrate(db, join(__dirname, '..', 'migrations'));
      const before = db.stats.statements;

      await seed(db, world);

      const [counts] = await db.query<{ cases: string; interactions: string }>(
        `SELECT (SELECT count(*) FROM support_cases)::text AS cases, (SELECT count(*) FROM case_interactions)::text AS interactions`,
      );
      expect(Number(counts.cases)).toBe(world.supportCases.length);
      expect(Number(counts.interactions)).toBe(interactions);
      expect(db.stats.statements - before).toBeLessThan(20);
      const created = await insertCase(db, { customerId: 'CUS-000001', orderNumber: null, subject: 'After seeding', channel: 'WEB' });
      const highestSeeded = Math.max(...world.supportCases.map((c) => Number(c.number.slice(3))));
      expect(Number(created.number.slice(3))).toBeGreaterThan(Math.max(highestSeeded, 499_999));
    } finally {
      await db.close();
    }
  });
});
