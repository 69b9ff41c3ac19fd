import type { Queryable } from './db';

export type ColumnType = 'text' | 'int' | 'bigint' | 'numeric' | 'date' | 'timestamptz' | 'jsonb' | 'boolean';

/**
 * Inserts many rows column-wise through `unnest`: one statement per chunk, however many rows.
 * `columns` maps each column to its SQL type, in the order `values` returns them; Dates are sent
 * as ISO strings and jsonb as text, so both drivers bind them the same way.
 */
export async function insertMany<R>(
  db: Queryable,
  table: string,
  columns: Record<string, ColumnType>,
  rows: readonly R[],
  values: (row: R) => unknown[],
  chunkSize = 1000,
): Promise<void> {
  const names = Object.keys(columns);
  const types = Object.values(columns);
  const params = types.map((type, i) => `$${i + 1}::${type === 'jsonb' ? 'text' : type}[]`).join(', ');
  const select = types.map((type, i) => (type === 'jsonb' ? `c${i}::jsonb` : `c${i}`)).join(', ');
  const aliases = types.map((_, i) => `c${i}`).join(', ');
  // WITH ORDINALITY keeps the given order, so identity columns follow it.
  const sql = `INSERT INTO ${table} (${names.join(', ')})
    SELECT ${select} FROM unnest(${params}) WITH ORDINALITY AS u(${aliases}, ord) ORDER BY ord`;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize).map(values);
    await db.query(
      sql,
      types.map((_, i) => chunk.map((row) => (row[i] instanceof Date ? (row[i] as Date).toISOString() : row[i]))),
    );
  }
}
