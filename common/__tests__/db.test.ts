import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openDatabase } from '../db';
import { migrate } from '../migrate';
import { testDatabase } from '../../test/support/database';

describe('database helper', () => {
  const options = testDatabase('dbhelper');
  afterAll(() => options.cleanup());

  test('When a transaction throws, then none of its writes land', async () => {
    const db = await openDatabase(options);
    try {
      await db.exec('CREATE TABLE t (id int PRIMARY KEY, amount numeric(12,2) NOT NULL)');
      await expect(
        db.transaction(async (tx) => {
          await tx.query('INSERT INTO t VALUES (1, 1.10)');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await db.query('SELECT * FROM t')).toEqual([]);
      await db.query('INSERT INTO t VALUES ($1, $2)', [2, '799.99']);
      const [row] = await db.query<{ amount: string }>('SELECT amount::text AS amount FROM t');
      expect(row.amount).toBe('799.99');
      expect(db.stats.statements).toBeGreaterThanOrEqual(4);
    } finally {
      await db.close();
    }
  });

  test('When work runs on the background handle, then its statements are counted apart from the requests\' and reach the same data', async () => {
    const db = await openDatabase(options);
    try {
      await db.exec('CREATE TABLE IF NOT EXISTS bg (id int PRIMARY KEY)');
      const before = { ...db.stats };
      await db.background().transaction((tx) => tx.query('INSERT INTO bg VALUES (1)'));
      expect(db.stats.statements).toBe(before.statements);
      expect(db.stats.background).toBeGreaterThan(before.background);
      expect(await db.query('SELECT id FROM bg')).toEqual([{ id: 1 }]);
      expect(db.stats.statements).toBe(before.statements + 1);
    } finally {
      await db.close();
    }
  });

  test('When migrations run twice, then each applies once and in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE a (id int);\n-- a comment\nINSERT INTO a VALUES (1);\n');
    writeFileSync(join(dir, '002_second.sql'), 'INSERT INTO a VALUES (2);\n');
    const options2 = testDatabase('migrate');
    const db = await openDatabase(options2);
    try {
      expect(await migrate(db, dir)).toEqual(['001_first', '002_second']);
      expect(await migrate(db, dir)).toEqual([]);
      expect(await db.query('SELECT id FROM a ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    } finally {
      await db.close();
      await options2.cleanup();
    }
  });
});

describe('migrations from several instances at once', () => {
  const onServer = process.env.TEST_DATABASE_URL ? test : test.skip;

  onServer('When two instances migrate the same schema at the same moment, then each migration runs once and both start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    writeFileSync(join(dir, '001_first.sql'), 'CREATE TABLE a (id int);\n');
    writeFileSync(join(dir, '002_second.sql'), 'INSERT INTO a VALUES (2);\n');
    const options = testDatabase('concurrent');
    const [one, two] = await Promise.all([openDatabase(options), openDatabase(options)]);
    try {
      const [ranByOne, ranByTwo] = await Promise.all([migrate(one, dir), migrate(two, dir)]);
      expect([...ranByOne, ...ranByTwo].sort()).toEqual(['001_first', '002_second']);
      expect(await one.query('SELECT id FROM a')).toEqual([{ id: 2 }]);
    } finally {
      await one.close();
      await two.close();
      await options.cleanup();
    }
  });
});
