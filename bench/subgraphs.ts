import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { dropSchema } from '../common/db';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, envName, type SubgraphName } from '../common/subgraphs';
import { pin } from './procStats';
import { buildBenchProcesses, spawnPinned, type BenchProcess } from './processes';
import type { BenchSettings } from './settings';

export interface BenchSubgraphs {
  processes: Record<SubgraphName, BenchProcess>;
  urls: Record<SubgraphName, string>;
  /** Start-up (migrate + seed) per subgraph, ms. */
  startMs: Record<SubgraphName, number>;
  /** PostgreSQL server processes serving the subgraphs' connections (empty on PGlite). */
  databaseBackends(): Promise<number[]>;
  /** Pins those backends beside the subgraphs, off the gateway's core. */
  pinDatabaseBackends(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * The four subgraphs, one process each, all pinned to the "others" core with the load generator.
 * On PostgreSQL each gets a schema of its own for this run (dropped at stop) and an
 * application_name, so its server backends can be found, measured and pinned.
 */
export async function startSubgraphs(
  settings: Pick<BenchSettings, 'customers' | 'db' | 'databaseUrl' | 'subgraphBasePort' | 'othersCpu'>,
  now: Date,
  logDir: string,
  /** Added to every subgraph's environment (the read-heavy bench's event bus). */
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<BenchSubgraphs> {
  const run = `bench_${randomBytes(3).toString('hex')}`;
  const port = (name: SubgraphName) => settings.subgraphBasePort + DEFAULT_PORTS[name] - 4000;
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, `http://127.0.0.1:${port(name)}/graphql`])) as Record<SubgraphName, string>;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_MODE: 'true',
    LOG_LEVEL: 'error',
    DEMO_CUSTOMERS: String(settings.customers),
    BENCH_NOW: String(now.getTime()),
    HOST: '127.0.0.1',
    ...extraEnv,
  };
  for (const name of SUBGRAPH_NAMES) {
    env[envName(name, 'PORT')] = String(port(name));
    env[envName(name, 'URL')] = urls[name];
    if (settings.db === 'postgres') {
      const url = new URL(settings.databaseUrl);
      url.searchParams.set('application_name', `${run}_${name}`);
      env[envName(name, 'DATABASE_URL')] = url.href;
      env[envName(name, 'DATABASE_SCHEMA')] = `${run}_${name}`;
    }
  }
  const processes = {} as Record<SubgraphName, BenchProcess>;
  const stop = async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop()));
    if (settings.db === 'postgres') {
      for (const name of SUBGRAPH_NAMES) await dropSchema(settings.databaseUrl, `${run}_${name}`).catch(() => undefined);
    }
  };
  const startMs = {} as Record<SubgraphName, number>;
  try {
    buildBenchProcesses();
    for (const name of SUBGRAPH_NAMES) {
      processes[name] = spawnPinned({
        name,
        script: 'dist/bench/subgraphHost.js', // compiled, as the subgraphs' containers run them
        args: [name],
        env,
        cpus: settings.othersCpu,
        stderrFile: join(logDir, `subgraph-${name}.log`),
        ipc: true,
      });
    }
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        startMs[name] = (await processes[name].message<{ startMs: number }>('ready', 300_000)).startMs;
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const databaseBackends = async (): Promise<number[]> => {
    if (settings.db !== 'postgres') return [];
    const pool = new Pool({ connectionString: settings.databaseUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1', [`${run}\\_%`]);
      return rows.map((r) => r.pid);
    } finally {
      await pool.end();
    }
  };
  return {
    processes,
    urls,
    startMs,
    databaseBackends,
    async pinDatabaseBackends() {
      const pids = await databaseBackends();
      for (const pid of pids) {
        try {
          pin(pid, settings.othersCpu);
        } catch {
          // the backend ended meanwhile (an idle pooled connection closed)
        }
      }
      return pids;
    },
    stop,
  };
}
