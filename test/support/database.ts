import { randomBytes } from 'node:crypto';
import { dropSchema, type DatabaseOptions } from '../../common/db';

/**
 * Database options for a test: embedded PGlite in memory by default; a fresh schema on the
 * PostgreSQL server named by TEST_DATABASE_URL when it is set (.ci/run sets it).
 */
export function testDatabase(name: string): DatabaseOptions & { cleanup(): Promise<void> } {
  const url = process.env.TEST_DATABASE_URL || undefined;
  const schema = `t_${name}_${randomBytes(4).toString('hex')}`;
  return {
    url,
    schema,
    poolSize: 4,
    cleanup: async () => {
      if (url) await dropSchema(url, schema);
    },
  };
}
