import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from './db';

/**
 * Applies a subgraph's versioned SQL migrations (`NNN_name.sql`) in order, each once,
 * each in its own transaction with its row in `schema_migrations`.
 */
export async function migrate(db: Database, migrationsDir: string): Promise<string[]> {
  // Several instances of a subgraph may start at once against one server: each migration runs
  // under a transaction-scoped advisory lock and re-checks whether another instance ran it.
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version TEXT PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
  });
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d+_[\w-]+\.sql$/.test(f))
    .sort();
  const ran: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, '');
    const sql = readFileSync(join(migrationsDir, file), 'utf8');
    const didRun = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (done.length > 0) return false;
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      return true;
    });
    if (didRun) ran.push(version);
  }
  return ran;
}

/** One lock per database: the schema a subgraph owns is migrated by one instance at a time. */
const MIGRATION_LOCK = 7_301_944;

/** Migrations are plain DDL: split on semicolons that end a line, dropping `--` comments. */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
