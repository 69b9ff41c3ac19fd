import { resolve } from 'node:path';
import { ConfigError, readBool, readInt, readString, type Env } from './config';
import { isDemoMode } from './identity';
import { refusePlaceholderPassword } from './secrets';
import type { DatabaseOptions } from './db';
import { DEFAULT_PORTS, envName, type SubgraphName } from './subgraphs';

/** One subgraph process's settings, from its environment. */
export interface SubgraphConfig {
  /** <NAME>_PORT, default 4001–4004. */
  port: number;
  /** HOST, default 127.0.0.1. */
  host: string;
  /**
   * <NAME>_DATABASE_URL, else DATABASE_URL: a PostgreSQL server (each subgraph in its own schema,
   * <NAME>_DATABASE_SCHEMA, default the subgraph's name). Neither: embedded PGlite, in memory,
   * or in <NAME>_DATA_DIR when set.
   */
  database: DatabaseOptions;
  /**
   * DEMO_DATA: seed the demo world into an empty database. Default: on in demo mode (DEMO_MODE=true,
   * as npm start and the tests set), off otherwise; refused under NODE_ENV=production outside demo mode.
   */
  demoData: boolean;
  /** DEMO_CUSTOMERS (default 300): generated customers besides the story ones. */
  demoCustomers: number;
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
  refusePlaceholderPassword(env, envName(name, 'DATABASE_URL'));
  refusePlaceholderPassword(env, 'DATABASE_URL');
  const url = readString(env, envName(name, 'DATABASE_URL')) ?? readString(env, 'DATABASE_URL');
  const dataDir = readString(env, envName(name, 'DATA_DIR'));
  return {
    port: readInt(env, envName(name, 'PORT'), DEFAULT_PORTS[name]),
    host: readString(env, 'HOST', '127.0.0.1'),
    database: {
      url,
      dataDir: url ? undefined : dataDir ? resolve(dataDir) : undefined,
      schema: readString(env, envName(name, 'DATABASE_SCHEMA'), name),
    },
    demoData: demoDataFrom(env),
    demoCustomers: readInt(env, 'DEMO_CUSTOMERS', 300),
  };
}

/**
 * The demo world is written only where it was meant to be: a production database must never hold
 * the demo customers (whose story ids and emails are public), whatever a deployment file forgot.
 */
function demoDataFrom(env: Env): boolean {
  const demoMode = isDemoMode(env);
  const demoData = readBool(env, 'DEMO_DATA', demoMode);
  if (demoData && !demoMode && env.NODE_ENV === 'production') {
    throw new ConfigError('DEMO_DATA=true would write the demo world into a production database; set DEMO_DATA=false (or DEMO_MODE=true for a local try-out)');
  }
  return demoData;
}
