import { PGlite } from '@electric-sql/pglite';
import { Pool, type PoolClient } from 'pg';
import { ErrorCode, graphError } from './errors';
import { emptyClusterTemplate } from './pgliteTemplate';
import { inQuerySpan, tracingEnabled } from './spans';

/** The one data-access port every subgraph uses: the same SQL on embedded PGlite or a PostgreSQL server. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: all of its writes land, or none do. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  /** Statements sent so far; tests read it to prove that batching bounds the SQL per request. */
  readonly stats: { statements: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection URL; without it, embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; without it PGlite keeps its data in memory. */
  dataDir?: string;
  /** The PostgreSQL schema this subgraph owns on a shared server. */
  schema: string;
  /** Largest pool size on a server. */
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

/** What PGlite and its transactions have in common. */
interface PgliteQueryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * PostgreSQL text cannot hold U+0000: a parameter with it fails inside the database as an internal
 * error (invalid byte sequence). It can only have come from a caller's argument (JSON allows it),
 * so it is refused as that caller's bad input before any statement is sent.
 */
function refuseUnstorableText(params: unknown[] | undefined): void {
  if (!params) return;
  for (const value of params) {
    if (typeof value === 'string' ? value.includes('\u0000') : Array.isArray(value) && value.some((v) => typeof v === 'string' && v.includes('\u0000'))) {
      throw graphError(ErrorCode.BAD_USER_INPUT, 'Text may not contain the NUL character (U+0000)');
    }
  }
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const db = options.dataDir
    ? await PGlite.create(options.dataDir)
    : await PGlite.create({ loadDataDir: await emptyClusterTemplate() });
  const stats = { statements: 0 };
  const run = async <T>(q: PgliteQueryable, sql: string, params?: unknown[]) => {
    refuseUnstorableText(params);
    stats.statements++;
    const result = await (tracingEnabled() ? inQuerySpan(sql, options.schema, () => q.query<T>(sql, params)) : q.query<T>(sql, params));
    return result.rows;
  };
  return {
    kind: 'pglite',
    stats,
    query: (sql, params) => run(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    exec: async (sql) => {
      stats.statements++;
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  const bootstrap = new Pool({ connectionString: url, max: 1 });
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`).catch((error: { code?: string }) => {
      // Two instances starting at once can both pass IF NOT EXISTS; the loser's schema exists all the same.
      if (error.code !== '23505' && error.code !== '42P06') throw error;
    });
  } finally {
    await bootstrap.end();
  }
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: `-c search_path=${options.schema}`,
  });
  const stats = { statements: 0 };
  const run = async <T>(client: Pool | PoolClient, sql: string, params?: unknown[]) => {
    refuseUnstorableText(params);
    stats.statements++;
    const values = params as unknown[] | undefined;
    const result = await (tracingEnabled() ? inQuerySpan(sql, options.schema, () => client.query(sql, values)) : client.query(sql, values));
    return result.rows as T[];
  };
  return {
    kind: 'postgres',
    stats,
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      stats.statements++;
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** Drops a subgraph's schema on a server; used by tests to leave the shared database clean. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await pool.end();
  }
}
