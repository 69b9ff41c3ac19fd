import { resolve } from 'node:path';
import { readBool, readInt, readString, type Env } from './config';
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
  /** DEMO_DATA (default true): seed the demo world into an empty database. */
  demoData: boolean;
  /** DEMO_CUSTOMERS (default 300): generated customers besides the story ones. */
  demoCustomers: number;
}

export function loadSubgraphConfig(name: SubgraphName, env: Env = process.env): SubgraphConfig {
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
    demoData: readBool(env, 'DEMO_DATA', true),
    demoCustomers: readInt(env, 'DEMO_CUSTOMERS', 300),
  };
}
