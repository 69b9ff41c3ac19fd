import { Pool } from 'pg';
import type { OperationShape, UsageBatch, UsageCount, UsageStore, UsageWindow } from './usageData';

const CREATE = `
CREATE TABLE IF NOT EXISTS usage_operations (
  id text PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL,
  signature text NOT NULL,
  coordinates text[] NOT NULL
);
CREATE TABLE IF NOT EXISTS usage_counts (
  bucket timestamptz NOT NULL,
  operation text NOT NULL,
  client text NOT NULL,
  version text NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (bucket, operation, client, version)
);`;

/**
 * Usage in PostgreSQL (USAGE_STORE=postgres://…): two tables in the connection's schema (set another
 * with `?options=-c search_path=usage`), shared by every gateway replica. A count for a bucket another
 * replica already wrote is added to it; a shape already there is left as it is.
 */
export class PostgresUsageStore implements UsageStore {
  readonly description: string;
  private readonly pool: Pool;
  private created: Promise<void> | undefined;

  constructor(url: string) {
    const parsed = new URL(url);
    this.description = `postgresql ${parsed.host}${parsed.pathname}`;
    // A store that does not answer fails the flush quickly; the recorder keeps the counts for the next one.
    this.pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5000, query_timeout: 10_000 });
    this.pool.on('error', () => {}); // an idle connection dropped by the server: the next query reconnects
  }

  async write(batch: UsageBatch): Promise<void> {
    await this.ensureTables();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // New shapes are few (each is written once per process): one statement each.
      for (const operation of batch.operations) {
        await client.query(
          'INSERT INTO usage_operations (id, name, type, signature, coordinates) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING',
          [operation.id, operation.name, operation.type, operation.signature, operation.coordinates],
        );
      }
      if (batch.counts.length > 0) {
        await client.query(
          `INSERT INTO usage_counts (bucket, operation, client, version, count)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::bigint[])
           ON CONFLICT (bucket, operation, client, version) DO UPDATE SET count = usage_counts.count + excluded.count`,
          [
            batch.counts.map((c) => c.bucket),
            batch.counts.map((c) => c.operation),
            batch.counts.map((c) => c.client),
            batch.counts.map((c) => c.version),
            batch.counts.map((c) => c.count),
          ],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async read(window: UsageWindow): Promise<UsageBatch> {
    await this.ensureTables();
    const counts = await this.pool.query<{ bucket: Date; operation: string; client: string; version: string; count: string }>(
      'SELECT bucket, operation, client, version, count FROM usage_counts WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket',
      [window.from, window.to],
    );
    const operations = await this.pool.query<OperationShape>(
      'SELECT id, name, type, signature, coordinates FROM usage_operations WHERE id IN (SELECT DISTINCT operation FROM usage_counts WHERE bucket >= $1 AND bucket < $2)',
      [window.from, window.to],
    );
    return {
      operations: operations.rows,
      counts: counts.rows.map((row): UsageCount => ({ ...row, bucket: row.bucket.toISOString(), count: Number(row.count) })),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private ensureTables(): Promise<void> {
    // Retried after a failure: the store may be down at the first flush and up at the next.
    this.created ??= this.pool.query(CREATE).then(
      () => undefined,
      (error) => {
        this.created = undefined;
        throw error;
      },
    );
    return this.created;
  }
}
