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
  /**
   * Statements sent so far; tests read it to prove that batching bounds the SQL per request.
   * `background` counts the statements of work no request asked for (the outbox relay's sweeps).
   */
  readonly stats: DatabaseStats;
  /** The same database and connections, its statements counted as `background`. */
  background(): Database;
  close(): Promise<void>;
}

export interface DatabaseStats {
  statements: number;
  background: number;
}
type Counter = keyof DatabaseStats;

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
  const stats: DatabaseStats = { statements: 0, background: 0 };
  const run = async <T>(counter: Counter, q: PgliteQueryable, sql: string, params?: unknown[]) => {
    refuseUnstorableText(params);
    stats[counter]++;
    const result = await (tracingEnabled() ? inQuerySpan(sql, options.schema, () => q.query<T>(sql, params)) : q.query<T>(sql, params));
    return result.rows;
  };
  const handle = (counter: Counter): Database => ({
    kind: 'pglite',
    stats,
    query: (sql, params) => run(counter, db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => run(counter, tx, sql, params) })),
    exec: async (sql) => {
      stats[counter]++;
      await db.exec(sql);
    },
    background: () => handle('background'),
    close: () => db.close(),
  });
  return handle('statements');
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
    // A server that accepts no connection must fail requests, not hold them until the client gives up.
    connectionTimeoutMillis: 5000,
  });
  // An idle connection the server drops (restart, pg_terminate_backend, network) is reported here;
  // without a listener that 'error' event would end the process. The pool discards the connection
  // itself and opens a new one on the next query.
  pool.on('error', () => undefined);
  const stats: DatabaseStats = { statements: 0, background: 0 };
  const run = async <T>(counter: Counter, client: Pool | PoolClient, sql: string, params?: unknown[]) => {
    refuseUnstorableText(params);
    stats[counter]++;
    const values = params as unknown[] | undefined;
    try {
      const result = await (tracingEnabled() ? inQuerySpan(sql, options.schema, () => client.query(sql, values)) : client.query(sql, values));
      return result.rows as T[];
    } catch (error) {
      throw isConnectionLoss(error) ? databaseUnavailable(error) : error;
    }
  };
  const handle = (counter: Counter): Database => ({
    kind: 'postgres',
    stats,
    query: (sql, params) => run(counter, pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect().catch((error: unknown) => {
        throw isConnectionLoss(error) ? databaseUnavailable(error) : error;
      });
      // Checked out, the connection has no pool listening: its loss between statements must not end the process.
      const onError = () => undefined;
      client.on('error', onError);
      let broken = false;
      try {
        await run(counter, client, 'BEGIN');
        const result = await fn({ query: (sql, params) => run(counter, client, sql, params) });
        await run(counter, client, 'COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      } finally {
        client.off('error', onError);
        // A connection that could not even roll back is destroyed, not handed to the next request.
        client.release(broken);
      }
    },
    exec: async (sql) => {
      stats[counter]++;
      await pool.query(sql);
    },
    background: () => handle('background'),
    close: () => pool.end(),
  });
  return handle('statements');
}

/** Errors that say the connection to the server is gone, not that the statement was wrong. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (code !== undefined && CONNECTION_CODES.has(code)) || /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed/i.test(message ?? '');
}

/** What a client sees while the database is away: a coded, retryable error, not an internal one. */
function databaseUnavailable(cause: unknown): Error {
  const error = graphError(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable at the moment; try again shortly', { retryable: true });
  // Kept for the server's log, never sent: the driver's message may name hosts and ports.
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
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
