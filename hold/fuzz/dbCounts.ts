import type { Database } from '../../common/db';

/**
 * Tables whose rows a refused request may legitimately add: the access log records reads, whoever
 * made them, and a refused mutation may still have read (and so logged) the record it looked at.
 */
const NOT_WRITES = new Set(['customer_access_log', 'schema_migrations', 'migrations']);

/** Rows per table of one subgraph's database, for "no half-written change" checks. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    if (NOT_WRITES.has(table)) continue;
    const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Tables whose counts differ between two snapshots, as "table: before -> after". */
export function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} -> ${after[table]}`);
}
