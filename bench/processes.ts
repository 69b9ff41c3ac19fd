import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..');

export interface BenchProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** Resolves with the child's first IPC message of this type. */
  message<T>(type: string, timeoutMs?: number): Promise<T>;
  /** Asks the child over IPC and resolves with its answer of the same type. */
  ask<T>(type: string, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** An entry point under the repository: TypeScript (.ts) is run with tsx, compiled JavaScript (.js) by node alone. */
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** taskset CPU list ("0", "1", "0,1"); the process and every thread it starts stay there. */
  cpus: string;
  /** stdout goes here (default /dev/null: a gateway logging at info writes one line per request). */
  stdoutFile?: string;
  stderrFile: string;
  ipc?: boolean;
  /** Extra node flags (--cpu-prof is refused in NODE_OPTIONS). */
  nodeArgs?: string[];
}

/**
 * Starts `node [--import tsx] <script>` under taskset. taskset execs node, so the pid is node's own
 * and the affinity holds from the first instruction (no thread escapes before pinning).
 */
export function spawnPinned(options: SpawnOptions): BenchProcess {
  const out = openSync(options.stdoutFile ?? '/dev/null', 'a');
  const err = openSync(options.stderrFile, 'a');
  const child = spawn(
    'taskset',
    ['-c', options.cpus, process.execPath, ...(options.nodeArgs ?? []), ...(options.script.endsWith('.ts') ? ['--import', 'tsx'] : []), join(ROOT, options.script), ...(options.args ?? [])],
    { cwd: ROOT, env: options.env, stdio: ['ignore', out, err, ...(options.ipc ? ['ipc' as const] : [])] },
  );
  closeSync(out);
  closeSync(err);
  if (!child.pid) throw new Error(`could not start ${options.name}`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const message = <T>(type: string, timeoutMs = 120_000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${options.name}: no "${type}" message within ${timeoutMs} ms (see ${options.stderrFile})`)), timeoutMs);
      const onMessage = (m: { type?: string }) => {
        if (m?.type !== type) return;
        cleanup();
        resolve(m as T);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${options.name} exited (${code}) before "${type}"; see ${options.stderrFile}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return {
    name: options.name,
    pid: child.pid,
    child,
    message,
    ask<T>(type: string, timeoutMs = 5000) {
      const answer = message<T>(type, timeoutMs);
      child.send({ type });
      return answer;
    },
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

let built = false;
/** Compiles the gateways and the subgraph host once per bench run (only what changed since the last build). */
export function buildBenchProcesses(): void {
  if (built) return;
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.bench.json')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc -p tsconfig.bench.json failed: ${run.stdout}${run.stderr}`);
  built = true;
}
