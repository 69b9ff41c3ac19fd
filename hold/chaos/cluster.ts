import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../common/paths';
import { SUBGRAPH_NAMES, envName, type SubgraphName } from '../../common/subgraphs';
import { requestRuntimeSample, type RuntimeSample } from '../soak/runtimeSample';
import { freePort, waitForPort } from './servers';

/**
 * One process of the graph: started with tsx from the sources, logs to a file of the run, with the
 * soak's probe loaded (an IPC channel; --expose-gc so a sample can be taken after a full collection).
 */
export class GraphProcess {
  child: ChildProcess | undefined;
  private constructor(
    readonly name: string,
    private readonly script: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    readonly port: number,
    private readonly logFile: string,
  ) {}

  static async start(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, port: number, logDir: string, spawned?: GraphProcess[]): Promise<GraphProcess> {
    const process = new GraphProcess(name, script, args, env, port, join(logDir, `${name}.log`));
    // Listed before it is up: if a sibling fails to start, this one is stopped too instead of outliving the run.
    spawned?.push(process);
    await process.up();
    return process;
  }

  get pid(): number {
    return this.child?.pid ?? 0;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const node = ['--expose-gc', '--import', 'tsx', '--import', projectPath('hold', 'soak', 'probe.ts')];
    const child = spawn(process.execPath, [...node, projectPath(this.script), ...this.args], { cwd: projectPath(), env: this.env, stdio: ['ignore', log, log, 'ipc'] });
    closeSync(log);
    this.child = child;
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${this.name} exited (${code}) while starting; see ${this.logFile}`))));
    await Promise.race([waitForPort(this.port, 90_000), exited]);
    exited.catch(() => undefined);
  }

  /** Heap, handles and RSS as the process sees them; undefined when it does not answer (frozen, gone). */
  runtime(options: { gc: boolean; timeoutMs?: number }): Promise<RuntimeSample | undefined> {
    return requestRuntimeSample(this.child, options);
  }

  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** SIGKILL (a crash) or SIGTERM (a clean stop); resolves once the process has gone. */
  async down(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }
}

export interface ClusterOptions {
  databaseUrl: string;
  natsUrl: string;
  redisUrl: string;
  /** Generated demo customers besides the story ones (more: more orders to change). */
  customers?: number;
  subgraphTimeoutMs?: number;
  gateways?: number;
}

/** The graph as it is deployed: each subgraph its own process, two gateway replicas, real brokers. */
export interface Cluster {
  subgraphs: Record<SubgraphName, GraphProcess>;
  gateways: GraphProcess[];
  logDir: string;
  all(): GraphProcess[];
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const logDir = mkdtempSync(join(tmpdir(), 'hold-cluster-'));
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()]))) as Record<SubgraphName, number>;
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [envName(name, 'URL'), `http://127.0.0.1:${ports[name]}/graphql`]));
  const common: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DEMO_MODE: 'true',
    LOG_LEVEL: process.env.HOLD_LOG_LEVEL ?? 'warn',
    NATS_URL: options.natsUrl,
    NATS_RECONNECT_WAIT_MS: '200',
    NATS_PUBLISH_TIMEOUT_MS: '1000',
    NATS_ACK_WAIT_MS: '3000',
    ...urls,
  };
  const subgraphs = {} as Record<SubgraphName, GraphProcess>;
  const started: GraphProcess[] = [];
  try {
    // Each subgraph migrates its own schema; they may start together.
    await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const env = { ...common, DATABASE_URL: options.databaseUrl, DEMO_CUSTOMERS: String(options.customers ?? 300), [envName(name, 'PORT')]: String(ports[name]) };
        subgraphs[name] = await GraphProcess.start(name, 'scripts/startSubgraph.ts', [name], env, ports[name], logDir, started);
      }),
    );
    const gateways = await Promise.all(
      Array.from({ length: options.gateways ?? 2 }, async (_, i) => {
        const port = await freePort();
        const env = { ...common, PORT: String(port), REDIS_URL: options.redisUrl, SUBGRAPH_TIMEOUT_MS: String(options.subgraphTimeoutMs ?? 1500), SUPERGRAPH_POLL_MS: '0', READY_TIMEOUT_MS: '300' };
        return GraphProcess.start(`gateway-${i + 1}`, 'gateway/index.ts', [], env, port, logDir, started);
      }),
    );
    return {
      subgraphs,
      gateways,
      logDir,
      all: () => [...gateways, ...SUBGRAPH_NAMES.map((name) => subgraphs[name])],
      async stop() {
        for (const p of [...gateways, ...SUBGRAPH_NAMES.map((name) => subgraphs[name])]) await p.down('SIGTERM');
      },
    };
  } catch (error) {
    for (const p of started) await p.down();
    throw error;
  }
}
