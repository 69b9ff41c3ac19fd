import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openUsageStore } from '../openStore';
import { PostgresUsageStore } from '../postgresStore';

/** The PostgreSQL usage store against a real server (TEST_DATABASE_URL, or TEST_PG_URL as .ci/run exports it). */
const url = process.env.TEST_DATABASE_URL || process.env.TEST_PG_URL;
const suite = url ? describe : describe.skip;

suite('PostgreSQL usage store', () => {
  const schema = `usage_t_${randomBytes(4).toString('hex')}`;
  const storeUrl = () => `${url}${url!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const admin = () => new Client({ connectionString: url });
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });

  test('When two replicas write counts for the same bucket, then the store adds them up, keeps each shape once and reads back a window', async () => {
    const one = openUsageStore(storeUrl());
    const two = openUsageStore(storeUrl());
    expect(one).toBeInstanceOf(PostgresUsageStore);
    const shape = { id: 'op1', name: 'ShopOrder', type: 'query' as const, signature: 'query ShopOrder{order{number}}', coordinates: ['Query.order', 'Order.number'] };
    const count = { bucket: '2026-12-07T10:00:00.000Z', operation: 'op1', client: 'shop', version: '2.1.0', count: 2 };
    try {
      await one.write({ operations: [shape], counts: [count] });
      await two.write({ operations: [shape], counts: [{ ...count, count: 5 }, { ...count, bucket: '2026-11-01T10:00:00.000Z', count: 7 }] });

      const window = await one.read({ from: new Date('2026-12-07T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z') });

      expect(window.counts).toEqual([{ ...count, count: 7 }]);
      expect(window.operations).toEqual([shape]);
    } finally {
      await one.close();
      await two.close();
    }
  });

  test('When the server cannot be reached, then a write fails with an error (the recorder keeps its counts) instead of hanging', async () => {
    const store = openUsageStore('postgres://postgres@127.0.0.1:1/none');
    await expect(store.write({ operations: [], counts: [{ bucket: '2026-12-07T10:00:00.000Z', operation: 'x', client: 'c', version: 'v', count: 1 }] })).rejects.toThrow();
    await store.close();
  });
});
