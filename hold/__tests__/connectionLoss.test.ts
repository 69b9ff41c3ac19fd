import { openDatabase, type Database } from '../../common/db';
import { ChaosDatabase } from '../chaos/database';

/** common/db.ts when the PostgreSQL server goes away and comes back (TEST_DATABASE_URL's server). */
const suite = process.env.TEST_DATABASE_URL ? describe : describe.skip;

suite('a database connection pool that loses the server', () => {
  let server: ChaosDatabase;
  let db: Database;
  beforeAll(async () => {
    server = await ChaosDatabase.create();
    db = await openDatabase({ url: server.url, schema: 'loss', poolSize: 3 });
  });
  afterAll(async () => {
    await db?.close();
    await server?.drop();
  });

  test('When the server terminates the pool\'s idle connections, then the process goes on and the next queries reconnect', async () => {
    await Promise.all([1, 2, 3].map(() => db.query('SELECT pg_sleep(0.05)')));
    expect(await server.killBackends()).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the idle connections hear of it
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await expect(db.transaction(async (tx) => tx.query('SELECT 2 AS two'))).resolves.toEqual([{ two: 2 }]);
  });

  test('When a connection is terminated inside a transaction, then that transaction fails as DATABASE_UNAVAILABLE, writes nothing, and the pool goes on', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS t (id int PRIMARY KEY)');
    const failed = db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1)');
      await server.killBackends();
      await tx.query('INSERT INTO t VALUES (2)');
    });
    await expect(failed).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
  });

  test('When the server is unreachable, then queries fail at once as DATABASE_UNAVAILABLE, and succeed again once it is back', async () => {
    await server.cut();
    try {
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
      await expect(db.transaction(async (tx) => tx.query('SELECT 1'))).rejects.toMatchObject({ extensions: { code: 'DATABASE_UNAVAILABLE' } });
    } finally {
      await server.restore();
    }
    expect(await db.query('SELECT 3 AS three')).toEqual([{ three: 3 }]);
  });
});
