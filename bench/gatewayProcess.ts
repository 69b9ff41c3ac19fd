import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SUBGRAPH_NAMES, envName, type SubgraphName } from '../common/subgraphs';
import { buildBenchProcesses, spawnPinned, type BenchProcess } from './processes';
import { processTree } from './procStats';
import { post } from './probe';
import type { BenchSettings, GatewayKey } from './settings';

export interface RunningBenchGateway {
  key: GatewayKey;
  url: string;
  process: BenchProcess;
  /** Process start to the first answered customer overview (ms). */
  coldStartMs: number;
  pids(): number[];
}

export interface GatewayStart {
  key: GatewayKey;
  settings: Pick<BenchSettings, 'gatewayPort' | 'logLevel' | 'oursNodeArgs' | 'profile' | 'gatewayCpu'>;
  subgraphUrls: Record<SubgraphName, string>;
  logDir: string;
  /** A request that must be answered with data for the gateway to count as started. */
  probe: { headers: Record<string, string>; body: string };
  /** Our gateway only: node:cluster workers (the multi-process row). */
  workers?: number;
  cpus?: string;
  /** Added to the gateway's environment (the read-heavy bench's ENTITY_CACHE and event bus). */
  env?: NodeJS.ProcessEnv;
}

/** Each gateway compiled (tsconfig.bench.json), as the Dockerfile runs ours: none of them pays for tsx at run time. */
const ENTRY: Record<GatewayKey, string> = {
  ours: 'dist/bench/gateways/ours.js',
  apollo: 'dist/bench/gateways/apollo.js',
  hive: 'dist/bench/gateways/hive.js',
};

/**
 * Starts one gateway on the bench port, pinned to the gateway core, and times its cold start:
 * from spawning the process to the first customer overview answered with data.
 */
export async function startBenchGateway(options: GatewayStart): Promise<RunningBenchGateway> {
  const { key, settings } = options;
  buildBenchProcesses();
  const url = `http://127.0.0.1:${settings.gatewayPort}/graphql`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO_MODE: 'true',
    HOST: '127.0.0.1',
    PORT: String(settings.gatewayPort),
    LOG_LEVEL: key === 'ours' ? settings.logLevel : (process.env.LOG_LEVEL ?? 'warn'),
    BENCH_WORKERS: String(options.workers ?? 1),
    ...options.env,
  };
  for (const name of SUBGRAPH_NAMES) env[envName(name, 'URL')] = options.subgraphUrls[name];
  const nodeArgs: string[] = key === 'ours' ? [...settings.oursNodeArgs] : [];
  if (settings.profile) {
    // A directory per start and Node's own file names (pid, thread): a process may run JavaScript on
    // more than one thread (tsx's loader has one), and one fixed name let such a thread's profile
    // overwrite the main thread's.
    const dir = join(options.logDir, 'profiles', `${key}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const started = performance.now();
  const proc = spawnPinned({
    name: key,
    script: ENTRY[key],
    env,
    cpus: options.cpus ?? settings.gatewayCpu,
    nodeArgs,
    stderrFile: join(options.logDir, `gateway-${key}.log`),
  });
  const deadline = started + 60_000;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${key} gateway exited (${proc.child.exitCode}); see ${options.logDir}/gateway-${key}.log`);
    try {
      const { status, answer } = await post(url, options.probe.headers, options.probe.body);
      if (status === 200 && answer.data && !answer.errors?.length) break;
      if (status !== 503 && answer.errors?.length && performance.now() > started + 20_000) {
        throw new Error(`${key} gateway answers with errors: ${JSON.stringify(answer.errors).slice(0, 300)}`);
      }
    } catch (error) {
      if (!isNotListening(error)) {
        await proc.stop();
        throw error;
      }
    }
    if (performance.now() > deadline) {
      await proc.stop();
      throw new Error(`${key} gateway did not answer within 60 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { key, url, process: proc, coldStartMs: Math.round(performance.now() - started), pids: () => processTree(proc.pid) };
}

function isNotListening(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET';
}
